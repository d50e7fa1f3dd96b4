package io.meridian.cli.command;

import io.meridian.cli.Main;
import io.meridian.cli.output.ExecutionReport;
import io.meridian.cli.output.TableView;
import io.meridian.model.json.Json;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meridian executions}: the most recent executions in the embedded store. */
@Command(name = "executions", mixinStandardHelpOptions = true, description = "List recent executions, newest first.")
public final class ExecutionsCommand implements Callable<Integer> {
    @Option(names = "--limit", defaultValue = "20", description = "How many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Mixin
    DataDirOption store;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        ArrayNode docs = Json.MAPPER.createArrayNode();
        if (remote.isRemote()) {
            remote.client(store.dataDir).executions(limit).path("executions").forEach(docs::add);
        } else {
            try (Store s = StoreProvider.openStore("sqlite", store.dataDir)) {
                s.executions(limit).forEach(x -> docs.add(ExecutionReport.toJson(x)));
            }
        }
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(docs));
            return Main.OK;
        }
        TableView t = new TableView("EXECUTION", "PIPELINE", "STATUS", "STAGES", "STARTED", "TIME");
        for (JsonNode x : docs) {
            long done = x.path("stages").valueStream().filter(r -> r.path("status").asString().equals("succeeded"))
                    .count();
            t.row(x.path("execution_id").asString(), x.path("pipeline_id").asString(), x.path("status").asString(),
                    done + "/" + x.path("stages").size(), x.path("created_at").asString(),
                    ExecutionReport.human(Duration.ofMillis(x.path("duration_ms").asLong())));
        }
        t.print(System.out);
        return Main.OK;
    }
}
