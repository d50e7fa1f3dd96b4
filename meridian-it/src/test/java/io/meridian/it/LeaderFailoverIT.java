package io.meridian.it;

import static io.meridian.it.PostgresCoordinators.leader;
import static io.meridian.it.PostgresCoordinators.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three coordinator processes on one PostgreSQL, two worker processes that know all three addresses: the leader
 * is killed with SIGKILL (or frozen with SIGSTOP) mid-run, another takes over, and every job completes with
 * exactly one accepted result. Default leadership settings, so the measured takeover is what users get.
 */
class LeaderFailoverIT {
    static final String TOKEN = PostgresCoordinators.TOKEN;
    @TempDir
    Path dir;
    PostgresCoordinators cluster;
    List<ProcessHarness.Server> servers;
    String addresses;

    @BeforeEach
    void start() throws Exception {
        cluster = PostgresCoordinators.start(dir, 3, "");
        servers = cluster.servers;
        addresses = cluster.addresses;
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    JsonNode awaitEnd(String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            doc[0] = ProcessHarness.execution(addresses, TOKEN, id);
            String s = doc[0].path("status").asString();
            return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
        });
        return doc[0];
    }

    /** Exactly one accepted result per job, and no run of a job after its accepted attempt. */
    void assertEachJobAcceptedOnce(int jobs) throws Exception {
        var r = CliProcess.run(dir, "queue", "jobs", "--status", "succeeded", "--limit", "100000", "--json",
                "--coordinator", addresses, "--token", TOKEN);
        Map<String, Integer> accepted = new HashMap<>();
        for (JsonNode j : Json.parse(r.stdout()).path("jobs")) {
            assertThat(accepted.put(j.path("idempotency_key").asString(), j.path("attempt").asInt()))
                    .as("one accepted result per job").isNull();
        }
        assertThat(accepted).hasSize(jobs);
        Ledger.read(dir.resolve("ledger.txt")).runs().forEach(run -> assertThat(run.attempt())
                .as("a run after the job's result was accepted: " + run).isLessThanOrEqualTo(accepted.get(run.key())));
    }

    @Test
    void theLeaderKilledMidRunIsReplacedAndEveryJobCompletesOnce() throws Exception {
        cluster.worker("w1", "--concurrency", "16");
        cluster.worker("w2", "--concurrency", "16");
        String id = cluster.submitFanOut(dir, 1000, 20);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 200);
        ProcessHarness.Server old = servers.get(0);
        long killedAt = System.currentTimeMillis();
        old.process().kill9();
        List<ProcessHarness.Server> rest = servers.subList(1, 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> leader(rest).isPresent());
        long tookOver = System.currentTimeMillis() - killedAt;
        int before = Ledger.lines(ledger);
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.lines(ledger) > before);
        long working = System.currentTimeMillis() - killedAt;

        JsonNode doc = awaitEnd(id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("stages").path("work").path("output").size()).isEqualTo(1000);
        assertEachJobAcceptedOnce(1001);
        assertThat(tookOver).as("takeover under 10 s with default settings").isLessThan(10_000);
        System.out.printf("leader kill -9: new leader after %d ms, jobs running again after %d ms%n", tookOver, working);
    }

    @Test
    void aFrozenLeaderThatWakesUpAfterLosingLeadershipStepsDownAndChangesNothing() throws Exception {
        cluster.worker("w1", "--concurrency", "8");
        String id = cluster.submitFanOut(dir, 200, 30);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 20);
        ProcessHarness.Server frozen = servers.get(0);
        ProcessHarness.signal(frozen.process().process, "STOP");
        List<ProcessHarness.Server> rest = servers.subList(1, 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> leader(rest).isPresent());
        ProcessHarness.signal(frozen.process().process, "CONT");
        // On waking, its own monotonic deadline has passed: it steps down before doing anything else.
        await().atMost(Duration.ofSeconds(15)).until(() -> role(frozen).equals("follower"));
        assertThat(frozen.process().stderrSoFar()).contains("No longer leading");

        JsonNode doc = awaitEnd(id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertEachJobAcceptedOnce(201);
        assertThat(leader(servers)).isPresent().get().isNotEqualTo(frozen);
    }
}
