package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.model.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code meridian regions}: the federation's regions as a coordinator sees them, probed now. */
@Command(name = "regions", mixinStandardHelpOptions = true,
        description = {"List the regions of a coordinator's federation: reachable, latency, load against "
                + "max_concurrent and circuit breaker, probed now; then the federation's statistics."})
public final class RegionsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() {
        remote.require("regions");
        store.refuseStore("regions");
        JsonNode health = remote.client(store.dataDir).get("/v1/federation/health?probe=true");
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(health));
            return ExitCode.OK;
        }
        if (!health.path("configured").asBoolean()) {
            System.out.println("This coordinator has no federation section in its meridian.yaml.");
            return ExitCode.OK;
        }
        TableView t = new TableView("REGION", "STATUS", "LATENCY", "LOAD", "BREAKER", "RUNS", "SUCCESS", "AVG",
                "ENDPOINT");
        JsonNode byRegion = health.path("stats").path("by_region");
        for (JsonNode r : health.path("regions")) {
            JsonNode s = byRegion.path(r.path("region").asString());
            t.row(r.path("region").asString(), r.path("healthy").asBoolean() ? "healthy"
                            : r.path("reachable").asBoolean() ? "degraded" : "unreachable",
                    r.path("latency_ms").asLong() < 0 ? "-" : r.path("latency_ms").asLong() + " ms",
                    r.path("current_load").asInt() + "/" + r.path("max_concurrent").asInt(),
                    r.path("breaker").asString(), s.path("total_executions").asLong(0),
                    s.isMissingNode() ? "-" : s.path("success_rate").asDouble() + "%",
                    s.isMissingNode() ? "-" : s.path("avg_latency_ms").asDouble() + " ms",
                    r.path("endpoint").asString());
        }
        t.print(System.out);
        JsonNode stats = health.path("stats");
        System.out.printf("%nFederated stages: %d run, %.1f%% succeeded, %.1f ms average (default strategy %s)%n",
                stats.path("total_executions").asLong(), stats.path("success_rate").asDouble(),
                stats.path("avg_latency_ms").asDouble(), health.path("default_strategy").asString());
        return ExitCode.OK;
    }
}
