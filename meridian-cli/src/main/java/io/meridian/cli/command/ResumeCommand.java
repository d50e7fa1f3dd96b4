package io.meridian.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meridian resume ID}: the same as {@code meridian run --resume ID}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Finish an interrupted execution from its last durable state (succeeded jobs are not run again).")
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EXECUTION_ID")
    String executionId;

    @Option(names = "--workers", defaultValue = "4", description = "Local workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--concurrency", defaultValue = "16", description = "Jobs per worker (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--capabilities", split = ",", paramLabel = "CAP", description = "Extra worker capabilities.")
    java.util.List<String> capabilities = new java.util.ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document instead of tables.")
    boolean json;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.resume = executionId;
        run.workers = workers;
        run.concurrency = concurrency;
        run.capabilities = capabilities;
        run.json = json;
        run.store = store;
        return run.call();
    }
}
