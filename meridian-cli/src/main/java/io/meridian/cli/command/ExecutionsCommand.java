package io.meridian.cli.command;

import io.meridian.cli.Main;
import io.meridian.cli.output.ExecutionReport;
import io.meridian.cli.output.TableView;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import java.time.Duration;
import java.util.List;
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

    @Override
    public Integer call() {
        try (Store s = StoreProvider.openStore("sqlite", store.dataDir)) {
            List<ExecutionRecord> all = s.executions(limit);
            if (json) {
                var arr = Json.MAPPER.createArrayNode();
                all.forEach(x -> arr.add(ExecutionReport.toJson(x)));
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
                return Main.OK;
            }
            TableView t = new TableView("EXECUTION", "PIPELINE", "STATUS", "STAGES", "STARTED", "TIME");
            for (ExecutionRecord x : all) {
                long done = x.stages().values().stream().filter(r -> r.status() == StageStatus.SUCCEEDED).count();
                t.row(x.id(), x.pipeline().id(), x.status().name().toLowerCase(), done + "/" + x.stages().size(),
                        x.createdAt(), ExecutionReport.human(Duration.between(x.createdAt(), x.updatedAt())));
            }
            t.print(System.out);
            return Main.OK;
        }
    }
}
