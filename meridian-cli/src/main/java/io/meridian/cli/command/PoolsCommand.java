package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.model.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code meridian pools}: the worker pools a coordinator sizes, and its recent scaling decisions. */
@Command(name = "pools", mixinStandardHelpOptions = true,
        description = {"List the worker pools the leading coordinator starts and stops by demand: workers now, "
                + "registered, draining and wanted, bounds, cost, failed starts and breaker; then the recent "
                + "scaling decisions with their reasons (docs/elastic.md)."})
public final class PoolsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON (with every decision's inputs).")
    boolean json;

    @Option(names = "--pool", paramLabel = "NAME", description = "Only this pool.")
    String pool;

    @Option(names = "--decisions", paramLabel = "N", defaultValue = "20",
            description = "Recent decisions to show, 1-500 (default: ${DEFAULT-VALUE}).")
    int decisions;

    @Mixin
    RemoteOptions remote;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() {
        remote.require("pools");
        store.refuseStore("pools");
        String query = "/v1/pools?limit=" + decisions + (pool == null ? ""
                : "&pool=" + java.net.URLEncoder.encode(pool, java.nio.charset.StandardCharsets.UTF_8));
        JsonNode answer = remote.client(store.dataDir).get(query);
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            return ExitCode.OK;
        }
        if (answer.path("pools").isEmpty()) {
            System.out.println("This coordinator has no pools (pools: in meridian.yaml, or meridian server --pool).");
            return ExitCode.OK;
        }
        TableView t = new TableView("POOL", "PROVIDER", "NODE", "WORKERS", "REGISTERED", "DRAINING", "DESIRED",
                "MIN-MAX", "COST/H", "CAPABILITIES", "FAILED STARTS", "BREAKER");
        for (JsonNode p : answer.path("pools")) {
            t.row(p.path("name").asString(), p.path("provider").asString(), p.path("node_type").asString(),
                    p.path("current").asInt(), p.path("registered").asInt(), p.path("stopping").asInt(),
                    p.path("desired").asInt(), p.path("min").asInt() + "-" + p.path("max").asInt(),
                    p.path("cost_per_hour").asDouble() + (p.path("spot").asBoolean() ? " spot" : ""),
                    String.join(",", p.path("capabilities").valueStream().map(JsonNode::asString).toList()),
                    p.path("failed_starts").asLong(), p.path("breaker_open_until").isNull() ? "closed"
                            : "open until " + p.path("breaker_open_until").asString());
        }
        t.print(System.out);
        JsonNode recent = answer.path("decisions");
        if (!recent.isEmpty()) {
            System.out.println();
            TableView d = new TableView("AT", "POOL", "ACTION", "SIZE", "REASON");
            for (JsonNode x : recent) {
                d.row(x.path("at").asString(), x.path("pool").asString(), x.path("action").asString(),
                        x.path("current").asInt() + " -> " + x.path("desired").asInt(), x.path("reason").asString());
            }
            d.print(System.out);
        }
        return ExitCode.OK;
    }
}
