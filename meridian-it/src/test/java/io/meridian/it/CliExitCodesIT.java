package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process's exit code says whose fault it was: 2 for what the user typed, never 3 ("internal error"). */
class CliExitCodesIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void usageErrorsExitTwoWithAMessageSayingWhatWasWrong() throws Exception {
        var unknownCommand = CliProcess.run(dir, "nosuchcmd");
        assertThat(unknownCommand.exitCode()).as(unknownCommand.toString()).isEqualTo(2);
        assertThat(unknownCommand.stderr()).contains("nosuchcmd");

        var unknownOption = CliProcess.run(dir, "workers", "--bogus");
        assertThat(unknownOption.exitCode()).as(unknownOption.toString()).isEqualTo(2);
        assertThat(unknownOption.stderr()).contains("--bogus");

        var badStatus = CliProcess.run(dir, "executions", "--status", "bogus");
        assertThat(badStatus.exitCode()).as(badStatus.toString()).isEqualTo(2);
        assertThat(badStatus.stderr()).contains("--status", "bogus");
    }

    @Test
    void aRequestTheCoordinatorRefusesIsAUsageErrorToo() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        var badStatus = cluster.cli(server, "executions", "--status", "bogus");
        assertThat(badStatus.exitCode()).as(badStatus.toString()).isEqualTo(2);
        var unknownJobStatus = cluster.cli(server, "queue", "jobs", "--status", "bogus");
        assertThat(unknownJobStatus.exitCode()).as(unknownJobStatus.toString()).isEqualTo(2);
        assertThat(unknownJobStatus.stderr()).contains("bogus");
        // 'completed' is a job state's name wherever the queue accepts one, or it is refused as a usage error.
        var completed = cluster.cli(server, "queue", "jobs", "--status", "completed", "--json");
        assertThat(completed.exitCode()).as(completed.toString()).isIn(0, 2);
        // Options after a subcommand: cli() puts --coordinator and --token after 'locks get RESOURCE'.
        var freeLock = cluster.cli(server, "locks", "get", "reports/daily");
        assertThat(freeLock.exitCode()).as(freeLock.toString()).isEqualTo(1);
        assertThat(freeLock.stderr()).contains("lock 'reports/daily' is not held");
        var withStore = cluster.cli(server, "workers", "--store", "sqlite");
        assertThat(withStore.exitCode()).as(withStore.toString()).isEqualTo(2);
        assertThat(withStore.stderr()).contains("give either --store or --coordinator");
        var missing = cluster.cli(server, "status", "no-such-execution");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
    }
}
