package io.meridian.cli.command;

import io.meridian.cli.output.ExecutionReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meridian cancel ID} and {@code meridian pause ID}: act on an execution on a coordinator server. */
public final class ExecutionActionCommands {
    private ExecutionActionCommands() {}

    abstract static class Action implements Callable<Integer> {
        @Parameters(paramLabel = "EXECUTION_ID")
        String executionId;

        @Option(names = "--json", description = "Print the execution document as JSON.")
        boolean json;

        @Mixin
        RemoteOptions remote;

        @Mixin
        DataDirOption store;

        abstract String action();

        @Override
        public Integer call() throws Exception {
            remote.require(action());
            store.refuseStore(action());
            ExecutionReport.print(remote.client(store.dataDir).executionAction(executionId, action()), json, System.out);
            return ExitCode.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel an execution on a coordinator server (its running jobs' results will be refused).")
    public static final class Cancel extends Action {
        @Override
        String action() {
            return "cancel";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause an execution on a coordinator server (running jobs finish; nothing new starts).")
    public static final class Pause extends Action {
        @Override
        String action() {
            return "pause";
        }
    }
}
