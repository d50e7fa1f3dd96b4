package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --handlers JAR|DIR} and {@code MERIDIAN_HANDLERS} on validate, run and server: a broken handler in the
 * jar is named and stops nothing, and the embedded coordinator survives a handler's unstorable output.
 */
class HandlerLoadingIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    Path words() throws Exception {
        Path file = dir.resolve("words.yaml");
        Files.writeString(file, """
                id: words
                stages:
                  - id: count
                    type: word_count
                    config: {text: "one two three"}
                """);
        return file;
    }

    @Test
    void validateKnowsTheBuiltInsPlusTheHandlersGiven() throws Exception {
        Path jar = UserHandlers.jar(dir);
        Path file = words();

        var without = CliProcess.run(dir, "validate", file.toString());
        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.stderr()).contains("words.yaml:4:5:", "unknown stage type 'word_count'");

        var withJar = CliProcess.run(dir, "validate", file.toString(), "--handlers", jar.toString());
        assertThat(withJar.exitCode()).as(withJar.toString()).isZero();
        assertThat(withJar.stderr()).contains("acme.words.Broken", "no licence key");

        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.copy(jar, jars.resolve("acme.jar"));
        var fromEnv = CliProcess.start(dir, Map.of("MERIDIAN_HANDLERS", jars.toString()), "validate",
                file.toString()).await(Duration.ofMinutes(1));
        assertThat(fromEnv.exitCode()).as(fromEnv.toString()).isZero();

        var missing = CliProcess.run(dir, "validate", file.toString(), "--handlers", dir.resolve("nope.jar").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("no such jar or directory", "nope.jar");
    }

    @Test
    void runWithHandlersFailsOnlyTheJobWithTheBadOutputAndFinishes() throws Exception {
        Path jar = UserHandlers.jar(dir);
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, """
                id: mixed
                stages:
                  - id: count
                    type: word_count
                    config: {text: "a b c"}
                  - id: loop
                    type: mistake
                    config: {kind: cyclic}
                """);

        var r = CliProcess.run(dir, "run", file.toString(), "--handlers", jar.toString(), "--json",
                "--data-dir", dir.resolve("data").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("result_unserialisable");
        assertThat(r.stdout() + r.stderr()).doesNotContain("must be restarted");
        // the store still takes commits: the same data directory runs the next pipeline
        var next = CliProcess.run(dir, "run", words().toString(), "--handlers", jar.toString(),
                "--data-dir", dir.resolve("data").toString());
        assertThat(next.exitCode()).as(next.toString()).isZero();
    }

    @Test
    void aServerWithHandlersAcceptsTheirTypesAndStartsDespiteABrokenOne() throws Exception {
        Path jar = UserHandlers.jar(dir);
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator", "--handlers", jar.toString());
        assertThat(server.process().stderrSoFar()).contains("acme.words.Broken");

        var submitted = cluster.cli(server, "submit", words().toString());

        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                cluster.cli(server, "queue", "stats").stdout().contains("no healthy worker is registered"));
    }
}
