package io.meridian.cli.command;

import io.meridian.model.codec.PipelineReader;
import io.meridian.model.codec.PipelineValidationException;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.worker.sdk.HandlerRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code meridian validate FILE}: checks a pipeline file without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a pipeline file (JSON or YAML) and print every problem with file:line:column.",
                "Stage types are checked against the built-ins plus those in --handlers; each stage's config against its "
                        + "type's schema (required keys and their types).",
                "Exit 0 when valid, 2 when not."})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The pipeline file.")
    Path file;

    @Mixin
    HandlersOption handlerJars;

    @Override
    public Integer call() {
        HandlerRegistry handlers = handlerJars.load();
        try {
            // each stage's config is checked against the schema its type declares (required keys, types)
            Pipeline p = PipelineReader.read(file, handlers.types(), handlers.configSchemas());
            System.out.printf("%s: pipeline '%s' is valid (%d stages)%n", file, p.id(), p.stages().size());
            return ExitCode.OK;
        } catch (PipelineValidationException e) {
            e.errors().forEach(err -> System.err.println(err));
            System.err.printf("%s: %d problem%s%n", file, e.errors().size(), e.errors().size() == 1 ? "" : "s");
            return ExitCode.USAGE;
        }
    }
}
