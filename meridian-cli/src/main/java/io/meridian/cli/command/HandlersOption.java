package io.meridian.cli.command;

import io.meridian.cli.handlers.HandlerJars;
import io.meridian.worker.sdk.HandlerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --handlers JAR|DIR} (or {@code MERIDIAN_HANDLERS}): more stage types, for the commands that run or check
 * pipelines. Problems loading them are printed as warnings and do not stop the command.
 */
public final class HandlersOption {
    @Option(names = "--handlers", paramLabel = "JAR|DIR", split = ",", defaultValue = "${env:MERIDIAN_HANDLERS}",
            description = "Jars with more stage types (TaskHandler classes listed in META-INF/services), or "
                    + "directories of such jars; comma-separated or repeated (default: $MERIDIAN_HANDLERS).")
    List<Path> paths = new ArrayList<>();

    /** The built-in stage types plus those in the jars given; each loading problem printed to stderr. */
    public HandlerRegistry load() {
        List<Path> given = paths == null ? List.of() : paths.stream()
                .filter(p -> !p.toString().isBlank()).toList();
        return HandlerJars.load(given, problem -> System.err.println("Warning: " + problem));
    }
}
