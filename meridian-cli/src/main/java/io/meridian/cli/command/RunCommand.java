package io.meridian.cli.command;

import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.cli.output.ExecutionReport;
import io.meridian.cli.output.ProgressView;
import io.meridian.engine.federation.SubmissionCheck;
import io.meridian.engine.queue.WorkerProfile;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.codec.PipelineValidationException;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.server.config.FederationSettings;
import io.meridian.server.config.MeridianConfig;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.Store;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.sdk.HandlerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meridian run FILE}: runs a pipeline on the embedded coordinator with local workers. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a pipeline on this machine: embedded store, coordinator and N local workers.",
                "Shows progress, then the stage table and outputs. Exit 0 if the execution succeeded, 1 if it "
                        + "failed, 2 for invalid input.",
                "After a crash, run the same command with --resume ID (or: meridian resume ID) to finish it."})
public final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The pipeline file (JSON or YAML).")
    Path file;

    @Option(names = "--input", paramLabel = "NAME=VALUE",
            description = "An input value (repeatable). JSON values (numbers, true, [..], {..}) keep their type.")
    Map<String, String> inputs = new LinkedHashMap<>();

    @Option(names = "--input-file", paramLabel = "JSON", description = "A JSON object of inputs.")
    Path inputFile;

    @Option(names = "--resume", paramLabel = "EXECUTION_ID",
            description = "Finish an interrupted execution instead of starting a new one.")
    String resume;

    @Option(names = "--request-id", paramLabel = "KEY",
            description = "Idempotency key: running again with the same key returns the same execution.")
    String requestId;

    @Mixin
    LocalWorkersOption local;

    @Mixin
    HandlersOption handlerJars;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() throws Exception {
        if (file == null && resume == null) {
            throw new IllegalArgumentException("give a pipeline FILE to run, or --resume EXECUTION_ID");
        }
        HandlerRegistry handlers = handlerJars.load();
        Pipeline pipeline = null;
        if (resume == null) {
            try {
                pipeline = PipelineReader.read(file, handlers.types(), handlers.configSchemas());
            } catch (PipelineValidationException e) {
                e.errors().forEach(err -> System.err.println(err));
                return ExitCode.USAGE;
            }
        }
        return execute(pipeline, handlers);
    }

    private int execute(Pipeline pipeline, HandlerRegistry handlers) throws InterruptedException {
        List<String> caps = local.allCapabilities();
        MeridianConfig config = store.loadConfig();
        String location = store.storeLocation(config);
        var federationConfig = FederationSettings.read(config, System.getenv());
        try (Store opened = store.openStore(config);
             RunLeadership leading = store.isEmbedded(location) ? null
                     : RunLeadership.take(opened, store.describe(location, opened), config.leadershipSettings());
             EmbeddedRuntime rt = EmbeddedRuntime.onStore(opened, store.dataDir, config, config.engineSettings(),
                     handlers)) {
            var federation = federationConfig.map(rt::startFederation).orElse(null);
            if (pipeline != null) {
                List<String> problems = SubmissionCheck.problems(pipeline, federation);
                if (!problems.isEmpty()) {
                    problems.forEach(p -> System.err.println(file + ": " + p));
                    return ExitCode.USAGE;
                }
            }
            ExecutionRecord x;
            if (resume != null) {
                x = rt.coordinator().recoverExecution(resume).orElseThrow(() -> new IllegalArgumentException(
                        "no execution '" + resume + "' in " + store.describe(location, rt.store())));
                checkPlaceable(x.pipeline(), caps);
                System.err.printf("Resuming execution %s of pipeline '%s'%n", x.id(), x.pipeline().id());
            } else {
                checkPlaceable(pipeline, caps);
                x = rt.coordinator().startExecution(pipeline, Inputs.resolve(pipeline, inputFile, inputs), requestId);
                System.err.printf("Execution %s of pipeline '%s' started (%d stages, %d workers x %d)."
                                + " If interrupted: meridian run %s --resume %s%n", x.id(), pipeline.id(),
                        pipeline.stages().size(), local.workers, local.concurrency, file, x.id());
            }
            if (!x.status().isTerminal()) {
                rt.startWorkers(local.workers, local.concurrency, caps);
                x = LocalEventFollow.follow(rt, x, config.engineSettings().events().enabled(), System.err,
                        ProgressView.stderrIsTerminal());
            }
            ExecutionReport.print(ExecutionReport.toJson(x, rt.store()), local.json, System.out);
            return x.status() == ExecutionStatus.SUCCEEDED ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    /** Refuses to start what no local worker could ever run, instead of waiting forever. */
    private static void checkPlaceable(Pipeline pipeline, List<String> caps) {
        WorkerOptions o = WorkerOptions.forThisMachine("local", 1, caps);
        WorkerProfile offer = new WorkerProfile("local", Set.copyOf(new HashSet<>(caps)), o.cores(), o.memoryMb(), 0);
        List<String> problems = new ArrayList<>();
        for (Stage s : pipeline.stages()) {
            if (!pipeline.federatedStages().contains(s) && !offer.satisfies(s.requires())) {
                problems.add("stage '" + s.id() + "' needs " + offer.shortfall(s.requires()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("no local worker can run this pipeline: " + String.join("; ", problems)
                    + ". Local workers offer " + caps + ", " + o.cores() + " cores, " + o.memoryMb()
                    + " MB (add capabilities with --capabilities)");
        }
    }
}
