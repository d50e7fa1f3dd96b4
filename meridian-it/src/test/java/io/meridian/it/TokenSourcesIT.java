package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token given on the command line shows in {@code ps} to every user of the machine: the worker and the client
 * commands also take it from {@code --token-file} and from the environment, and say so in their help.
 */
class TokenSourcesIT {
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
    void theWorkerAndClientCommandsReadTheTokenFromAFileOrTheEnvironmentAndKeepItOffTheCommandLine()
            throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coord");
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, server.token() + "\n");

        var listed = CliProcess.run(dir, "workers", "--coordinator", server.url(), "--token-file",
                tokenFile.toString(), "--data-dir", dir.resolve("elsewhere").toString(), "--json");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();

        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-the-token");
        var refused = CliProcess.run(dir, "workers", "--coordinator", server.url(), "--token-file", wrong.toString(),
                "--data-dir", dir.resolve("elsewhere").toString());
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("unknown token");

        var missing = CliProcess.run(dir, "workers", "--coordinator", server.url(), "--token-file",
                dir.resolve("absent").toString(), "--data-dir", dir.resolve("elsewhere").toString());
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("cannot read the token file", "absent");

        CliProcess fromFile = CliProcess.start(dir, "worker", "--coordinator", server.url(), "--token-file",
                tokenFile.toString(), "--id", "from-file", "--data-dir", dir.resolve("w1").toString());
        CliProcess fromEnv = CliProcess.start(dir, Map.of("MERIDIAN_TOKEN", server.token()), "worker",
                "--coordinator", server.url(), "--id", "from-env", "--data-dir", dir.resolve("w2").toString());
        try {
            // both registered, so each authenticated with the token it read: asked over HTTP from this JVM (the CLI's
            // reading of --token-file is checked above) rather than by two CLI JVMs per look
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> ProcessHarness.workers(server), w -> w.contains("from-file") && w.contains("from-env"));
            for (CliProcess worker : new CliProcess[] {fromFile, fromEnv}) {
                String commandLine = String.join(" ", worker.process.info().arguments().orElse(new String[0]));
                assertThat(commandLine).doesNotContain(server.token());
            }
        } finally {
            fromFile.process.destroy();
            fromEnv.process.destroy();
            fromFile.process.waitFor(30, TimeUnit.SECONDS);
            fromEnv.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHelpOfTheWorkerAndOfAClientCommandNamesEveryTokenSource() throws Exception {
        for (String command : new String[] {"worker", "workers", "submit"}) {
            var help = CliProcess.run(dir, command, "--help");
            assertThat(help.exitCode()).as(help.toString()).isZero();
            assertThat(help.stdout().replaceAll("\\s+", " ")).as(command).contains("--token-file", "MERIDIAN_TOKEN",
                    "MERIDIAN_TOKEN_FILE", "ps");
        }
    }
}
