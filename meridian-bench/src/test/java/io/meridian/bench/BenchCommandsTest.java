package io.meridian.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmarks reach {@code meridian} through the CLI's extension hook, not through the CLI's own code. */
class BenchCommandsTest {
    @Test
    void theCliFindsEveryBenchCommandOnTheClasspath() {
        CommandLine cl = Main.commandLine();
        assertThat(cl.getSubcommands()).containsKeys("bench", "bench-cluster", "bench-depth", "bench-placement",
                "bench-federation", "bench-autoscale", "bench-handlers", "bench-sse", "bench-slow-subscribers",
                "bench-sinks");
        assertThat(cl.getUsageMessage()).contains("bench-cluster");
    }

    @Test
    void aBenchCommandParsesItsOptionsThroughTheCli() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("bench-cluster", "--no-such-option")).isNotZero();
        assertThat(err.toString()).contains("Unknown option", "--no-such-option");
    }

    /** Refused before JMH starts: the benchmark itself never runs in the test suite. */
    @Test
    void benchHandlersRefusesAnEmptyMeasurement() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("bench-handlers", "--iterations", "0")).isNotZero();
        assertThat(err.toString()).contains("--iterations and --seconds 1 or more");
    }
}
