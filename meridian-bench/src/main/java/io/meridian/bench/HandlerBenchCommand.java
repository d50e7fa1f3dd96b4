package io.meridian.bench;

import io.meridian.bench.handlers.HandlerCallBenchmark;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meridian bench-handlers}: the JMH benchmark of one handler call, a typed handler against a raw one (see
 * {@link HandlerCallBenchmark}). JMH's own report is printed; figures, not assertions.
 */
@Command(name = "bench-handlers", mixinStandardHelpOptions = true,
        description = "Benchmark (JMH) the call overhead of a typed handler against a raw one doing the same work.")
public final class HandlerBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--forks", defaultValue = "1",
            description = "JVMs forked per benchmark; 0 runs in this JVM (quicker, less trustworthy). "
                    + "Default: ${DEFAULT-VALUE}.")
    int forks;
    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--iterations", defaultValue = "5",
            description = "Measured iterations (default: ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--seconds", defaultValue = "1",
            description = "Length of each iteration, in seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (forks < 0 || warmup < 0 || iterations < 1 || seconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--forks and --warmup must be 0 or more, --iterations and --seconds 1 or more");
        }
        Options options = new OptionsBuilder()
                .include(HandlerCallBenchmark.class.getName())
                .forks(forks)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .build();
        new Runner(options).run();
        return 0;
    }
}
