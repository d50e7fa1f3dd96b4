package io.meridian.cli.command;

import io.meridian.cli.output.ExecutionReport;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meridian status ID}: one execution's state, from the store ({@code --store}) or a server. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show an execution: stages, attempts, outputs (from --store, by default the embedded one; or a "
        + "server with --coordinator).")
public final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EXECUTION_ID")
    String executionId;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Mixin
    DataDirOption store;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        if (remote.isRemote()) {
            store.refuseStore("status");
            ExecutionReport.print(remote.client(store.dataDir).execution(executionId), json, System.out);
            return ExitCode.OK;
        }
        var config = store.loadConfig();
        String location = store.storeLocation(config);
        try (Store s = store.openStore(config)) {
            ExecutionRecord x = s.execution(executionId).orElseThrow(() -> new IllegalArgumentException(
                    "no execution '" + executionId + "' in " + store.describe(location, s)));
            ExecutionReport.print(ExecutionReport.toJson(x, s), json, System.out);
            return ExitCode.OK;
        }
    }
}
