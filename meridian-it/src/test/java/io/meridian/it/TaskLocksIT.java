package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import io.meridian.store.embedded.SqliteStore;
import io.meridian.store.query.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Task handlers take locks with {@code ctx.locks()} and link checkpoints with {@code ctx.checkpoint()}: in the
 * embedded {@code meridian run} (in-process, over the engine) and on remote worker processes (over HTTP). The
 * handler increments a file counter with a read-pause-write under the lock, so any overlap of holders would lose
 * an increment; its fencing tokens, appended inside the lock, must grow.
 */
class TaskLocksIT {
    static final int ITEMS = 30;

    @TempDir
    Path dir;
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    Path pipeline(Path counter) throws Exception {
        String items = IntStream.range(0, ITEMS).mapToObj(i -> "\"i" + i + "\"").collect(Collectors.joining(", "));
        Path file = dir.resolve("locked.yaml");
        Files.writeString(file, """
                id: locked-count
                inputs:
                  items: {default: [%s]}
                stages:
                  - id: count
                    type: locked_counter
                    foreach: "{{input.items}}"
                    config: {counter: "%s", resource: "counters/shared"}
                """.formatted(items, counter));
        return file;
    }

    /**
     * Every hold incremented the counter once and appended its token: two holders at once would lose an increment
     * (the counter would fall behind the tokens). Handlers are at-least-once, so an attempt that failed after its
     * increment (its release or checkpoint call refused on a loaded machine) is retried and counts again: there are
     * at least as many holds as items.
     */
    static void assertNoLostIncrementsAndGrowingTokens(Path counter) throws Exception {
        List<Long> tokens = Files.readAllLines(counter.resolveSibling(counter.getFileName() + ".tokens")).stream()
                .map(Long::parseLong).toList();
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(ITEMS).isSorted().doesNotHaveDuplicates();
        assertThat(Files.readString(counter).strip()).isEqualTo(Integer.toString(tokens.size()));
    }

    @Test
    void handlersOfAnEmbeddedRunTakeLocksAndLinkCheckpoints() throws Exception {
        Path counter = dir.resolve("embedded-counter.txt");
        var r = CliProcess.run(dir, "run", pipeline(counter).toString(), "--workers", "2", "--concurrency", "8",
                "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = Json.parse(r.stdout());
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("checkpoint_id").asString()).startsWith("item-i");
        assertNoLostIncrementsAndGrowingTokens(counter);

        try (SqliteStore store = new SqliteStore(dir.resolve(".meridian/meridian.db"))) {
            List<Checkpoint> checkpoints = store.checkpoints(doc.path("execution_id").asString());
            assertThat(checkpoints).hasSize(ITEMS).allSatisfy(c -> {
                assertThat(c.stageId()).isEqualTo("count");
                assertThat(c.metadata().path("fencing_token").asLong()).isPositive();
            });
            assertThat(store.locks().get("counters/shared")).isEmpty();
        }
    }

    @Test
    void handlersOnRemoteWorkersTakeLocksAndLinkCheckpointsOverHttp() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        cluster.worker(server, "w1", "--concurrency", "8");
        cluster.worker(server, "w2", "--concurrency", "8");
        Path counter = dir.resolve("remote-counter.txt");
        MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(server.url()), server.token());
        String id = client.startExecution(Files.readString(pipeline(counter)), "locked.yaml", null, null)
                .executionId();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.execution(id).status(), s -> !s.equals("running"));
        var doc = client.execution(id);
        try {
            assertThat(doc.status()).as(doc.toString()).isEqualTo("succeeded");
            assertThat(doc.checkpointId()).startsWith("item-i");
            assertNoLostIncrementsAndGrowingTokens(counter);
        } catch (AssertionError e) {
            // why a job ran twice (a worker taken for dead, a lease lapsed) is in the coordinator's warnings
            throw new AssertionError(e.getMessage() + "\ncoordinator warnings:\n" + server.process().stderrSoFar()
                    .lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).collect(Collectors.joining("\n")), e);
        }
        assertThat(client.checkpoints(id)).hasSize(ITEMS);
        assertThat(client.locks("counters/", 10)).isEmpty();
    }
}
