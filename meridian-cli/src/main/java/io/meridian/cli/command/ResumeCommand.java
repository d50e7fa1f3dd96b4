package io.meridian.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meridian resume ID}: the same as {@code meridian run --resume ID}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Finish an interrupted execution from its last durable state (succeeded jobs are not run again).",
                "With --coordinator: resume a paused execution on that server."})
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EXECUTION_ID")
    String executionId;

    @Mixin
    LocalWorkersOption local;

    @Mixin
    HandlersOption handlerJars;

    @Mixin
    DataDirOption store;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() throws Exception {
        if (remote.isRemote()) {
            store.refuseStore("resume");
            var doc = remote.client(store.dataDir).executionAction(executionId, "resume");
            io.meridian.cli.output.ExecutionReport.printText(doc, System.out);
            return ExitCode.OK;
        }
        RunCommand run = new RunCommand();
        run.resume = executionId;
        run.local = local;
        run.handlerJars = handlerJars; // its custom stage types run again under the same handlers
        run.store = store;
        return run.call();
    }
}
