package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.model.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code meridian workers}: the workers registered with a coordinator server. */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "List the workers a coordinator knows.")
public final class WorkersCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() {
        remote.require("workers");
        store.refuseStore("workers");
        JsonNode workers = Json.toTree(remote.client(store.dataDir).workers());
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(workers));
            return ExitCode.OK;
        }
        TableView t = new TableView("WORKER", "STATUS", "JOBS", "SLOTS", "CAPABILITIES", "NODE", "HOST", "REGION",
                "LAST SEEN");
        for (JsonNode w : workers.path("workers")) {
            // a draining worker is healthy but takes no new job: say so where people look
            String status = w.path("status").asString() + (w.path("draining").asBoolean() ? ", draining" : "");
            t.row(w.path("id").asString(), status, w.path("active_jobs").asInt(),
                    w.path("max_concurrency").asInt(), String.join(",", w.path("capabilities").valueStream()
                            .map(JsonNode::asString).toList()), w.path("node_type").asString("local"),
                    w.path("host").asString(), w.path("region").asString("-"),
                    w.path("last_seen").asString());
        }
        t.print(System.out);
        return ExitCode.OK;
    }
}
