package io.meridian.cli.command;

import io.meridian.cli.output.ExecutionReport;
import io.meridian.cli.output.TableView;
import io.meridian.client.ExecutionFilter;
import io.meridian.model.json.Json;
import io.meridian.server.api.ExecutionQueryParams;
import io.meridian.server.http.ApiError;
import io.meridian.store.Store;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meridian executions}: executions newest first, filtered by pipeline, version, status and creation time,
 * one page at a time. Reads a coordinator with {@code --coordinator}, else the store ({@code --store}); both check the
 * filters by the same rules.
 */
@Command(name = "executions", mixinStandardHelpOptions = true,
        description = {"List executions, newest first, filtered and a page at a time.", "",
                "Examples:",
                "  meridian executions --pipeline thumbnails --status failed,cancelled",
                "  meridian executions --pipeline thumbnails --version 3 --since 2026-01-01 --limit 100",
                "  meridian executions --pipeline thumbnails --cursor <next cursor printed by the previous page>"})
public final class ExecutionsCommand implements Callable<Integer> {
    private static final java.util.regex.Pattern FIRST_WORD = java.util.regex.Pattern.compile("^[a-z_]+");

    @Option(names = "--pipeline", paramLabel = "ID", description = "Only executions of this pipeline.")
    String pipeline;

    @Option(names = "--version", paramLabel = "N", description = "Only this version of the pipeline (needs --pipeline).")
    Integer version;

    @Option(names = "--status", paramLabel = "a,b", description = "Only these statuses: running, paused, succeeded, "
            + "failed, cancelled.")
    String status;

    @Option(names = "--since", paramLabel = "ISO", description = "Created at or after this time (2026-01-31T12:00:00Z, "
            + "or a date: 2026-01-31).")
    String since;

    @Option(names = "--until", paramLabel = "ISO", description = "Created before this time or date.")
    String until;

    @Option(names = "--limit", defaultValue = "20", description = "Page size, 1-1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "C", description = "Continue after the page that printed this cursor.")
    String cursor;

    @Option(names = "--json", description = "Print {items, next_cursor} as JSON.")
    boolean json;

    @Mixin
    DataDirOption store;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        if (remote.isRemote()) {
            store.refuseStore("executions");
        }
        JsonNode page = remote.isRemote() ? Json.toTree(remote.client(store.dataDir).executions(new ExecutionFilter(
                pipeline, version, status, since, until, limit, cursor))) : readLocally();
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(page));
            return ExitCode.OK;
        }
        TableView t = new TableView("EXECUTION", "PIPELINE", "VERSION", "STATUS", "STAGES", "STARTED", "TIME");
        for (JsonNode x : page.path("items")) {
            long done = x.path("stages").valueStream().filter(r -> r.path("status").asString().equals("succeeded"))
                    .count();
            t.row(x.path("execution_id").asString(), x.path("pipeline_id").asString(),
                    x.path("pipeline_version").asInt(), x.path("status").asString(),
                    done + "/" + x.path("stages").size(), x.path("created_at").asString(),
                    ExecutionReport.human(Duration.ofMillis(x.path("duration_ms").asLong())));
        }
        t.print(System.out);
        if (page.hasNonNull("next_cursor")) {
            System.out.println("More: add --cursor " + page.get("next_cursor").asString());
        }
        return ExitCode.OK;
    }

    private JsonNode readLocally() {
        ExecutionQuery query;
        try {
            query = ExecutionQueryParams.parse(filters()::get);
        } catch (ApiError e) {
            String message = FIRST_WORD.matcher(e.getMessage()).replaceFirst(m -> optionOf(m.group()));
            throw new IllegalArgumentException(message, e);
        }
        ObjectNode out = Json.object();
        var items = out.putArray("items");
        try (Store s = store.openStore()) {
            ExecutionPage page = s.executions(query);
            page.items().forEach(x -> items.add(ExecutionReport.toJson(x, s)));
            out.put("next_cursor", page.next());
        }
        return out;
    }

    private Map<String, String> filters() {
        Map<String, String> q = new HashMap<>();
        q.put("pipeline_id", pipeline);
        q.put("pipeline_version", version == null ? null : version.toString());
        q.put("status", status);
        q.put("created_from", since);
        q.put("created_to", until);
        q.put("limit", Integer.toString(limit));
        q.put("cursor", cursor);
        return q;
    }

    /** The option a query parameter's error is about, so the message names what the user typed. */
    private String optionOf(String parameter) {
        return switch (parameter) {
            case "pipeline_id" -> "--pipeline";
            case "pipeline_version" -> "--version";
            case "created_from" -> "--since";
            case "created_to" -> "--until";
            default -> "--" + parameter;
        };
    }
}
