package io.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.cli.command.ExitCode;
import io.meridian.client.ApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and option parsing of the command line, in process (the process-level tests are in meridian-it). */
class MainTest {
    @TempDir
    Path dir;
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(run("nosuchcmd")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("nosuchcmd");
        assertThat(run("workers", "--bogus")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--bogus");
    }

    @Test
    void aRequestTheCoordinatorRefusesIsAUsageErrorAndItsFailureIsNot() {
        assertThat(ExitCode.of(new ApiException(400, "invalid_parameter", "unknown job status"))).isEqualTo(2);
        assertThat(ExitCode.of(new ApiException(404, "not_found", "no such execution"))).isEqualTo(2);
        assertThat(ExitCode.of(new ApiException(503, "store_unavailable", "down"))).isEqualTo(3);
        assertThat(ExitCode.of(new IllegalStateException("bug"))).isEqualTo(3);
    }

    @Test
    void optionsAreAcceptedAfterASubcommand() {
        // The data directory comes after 'locks get RESOURCE': parsed (not a usage error), the lock is looked up
        // in the store there, and it is free (exit 1).
        assertThat(run("locks", "get", "reports/daily", "--data-dir", dir.toString())).isEqualTo(ExitCode.FAILED);
        assertThat(err.toString()).doesNotContain("Unknown option");
        assertThat(dir.resolve("meridian.db")).exists();
        assertThat(run("locks", "list", "--json", "--data-dir", dir.toString())).isEqualTo(ExitCode.OK);
    }

    @Test
    void aStoreNobodyUnderstandsIsAUsageErrorListingTheOnesThatAre() {
        assertThat(run("status", "some-id", "--store", "mongodb://db/x", "--data-dir", dir.toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--store: no store understands 'mongodb://db/x'", "sqlite",
                "postgresql://");
    }

    @Test
    void aCommandThatTalksToACoordinatorRefusesAStoreItWouldIgnore() {
        assertThat(run("workers", "--coordinator", "http://127.0.0.1:1", "--store", "sqlite")).isEqualTo(2);
        assertThat(err.toString()).contains("give either --store or --coordinator");
    }

    @Test
    void onlyTheSubcommandThatRunsIsBuiltAndEverythingElseSeesThemAll() {
        assertThat(Main.commandLine(new String[] {"server", "--help"}).getSubcommands()).containsOnlyKeys("server");
        assertThat(Main.commandLine().getSubcommands()).containsKeys("run", "server", "worker", "help", "tokens")
                .hasSizeGreaterThan(15);
        assertThat(Main.commandLine(new String[] {"help", "worker"}).getSubcommands()).hasSizeGreaterThan(15);
        assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).hasSizeGreaterThan(15);
        assertThat(Main.commandLine(new String[] {"sever"}).getSubcommands()).as("a typo gets its suggestions")
                .hasSizeGreaterThan(15);
    }
}
