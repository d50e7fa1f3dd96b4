package io.meridian.server.cluster;

import static io.meridian.server.cluster.NodeFixture.code;
import static io.meridian.server.cluster.NodeFixture.message;
import static io.meridian.server.cluster.NodeFixture.ready;
import static io.meridian.server.cluster.NodeFixture.submitJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.store.FaultyStore;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.store.StorageFullException;
import io.meridian.store.memory.InMemoryStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fatal means step down: the leader's group commit dies of an Error (or the store is full), and the coordinator
 * gives up leadership at once, answers a clear 503 with the reason, reports not ready, and nothing hangs. The
 * incident: the committer thread died of OutOfMemoryError while the leader kept its lease and said "ready".
 */
class FatalStepDownTest {
    /** A long ttl: a prompt step-down can only come from the fault itself, not from a lease check. */
    static final LeadershipSettings SLOW_CHECKS = new LeadershipSettings(Duration.ofSeconds(30),
            Duration.ofMillis(100), Duration.ofSeconds(1));
    final InMemoryStore memory = new InMemoryStore();
    CoordinatorNode a;
    CoordinatorNode b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aLeaderWhoseCommitterDiesOfOutOfMemoryStepsDownAndTheOtherTakesOver() throws Exception {
        FaultyStore faultyA = new FaultyStore(memory);
        a = NodeFixture.start(faultyA.store, SLOW_CHECKS, "a");
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        b = NodeFixture.start(memory, SLOW_CHECKS, "b");
        var first = a.coordinator().orElseThrow();
        assertThat(submitJob(a).statusCode()).isEqualTo(201);

        faultyA.fail("commit", new OutOfMemoryError("Java heap space"));
        long failedAt = System.nanoTime();
        HttpResponse<String> refused = submitJob(a);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(code(refused)).isEqualTo("coordinator_failed");
        assertThat(message(refused)).contains("group commit failed (OutOfMemoryError: Java heap space)");
        assertThat(first.committer().isFailed()).isTrue();

        // Well within the 30 s ttl: the fault resigned the lease, so the follower takes over at its next retry.
        await().atMost(Duration.ofSeconds(10)).until(() -> b.isLeader() && !a.isLeader());
        System.out.printf("STRESS fatal_step_down_in_process takeover_ms=%d%n", (System.nanoTime() - failedAt) / 1_000_000);
        assertThat(submitJob(b).statusCode()).isEqualTo(201);
        assertThat(b.coordinator().orElseThrow().queueStats().waiting()).as("nothing acknowledged was lost")
                .isEqualTo(2);
    }

    @Test
    void aStackOverflowInACommitMakesTheNodeNotReadyUntilItCanCommitAgain() throws Exception {
        String running = NodeFixture.runningExecution(memory);
        FaultyStore faulty = new FaultyStore(memory);
        a = NodeFixture.start(faulty.store, SLOW_CHECKS, "a");
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        assertThat(ready(a).statusCode()).isEqualTo(200);

        // Every commit fails from now on, so every takeover (which rewrites the running execution) fails too.
        faulty.fail("commit", new StackOverflowError());
        HttpResponse<String> refused = submitJob(a);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(code(refused)).isEqualTo("coordinator_failed");

        await().atMost(Duration.ofSeconds(10)).until(() -> ready(a).statusCode() == 503 && !a.isLeader());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> health = ready(a);
            assertThat(health.statusCode()).as("stays not ready while it cannot commit").isEqualTo(503);
            assertThat(code(health)).isEqualTo("coordinator_failed");
            assertThat(message(health)).contains("StackOverflowError");
            HttpResponse<String> write = submitJob(a);
            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(code(write)).as(write.body()).isEqualTo("coordinator_failed");
            Thread.sleep(100); // spread the checks over several failed takeovers; the assertion is on each answer
        }

        faulty.heal("commit");
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(a).statusCode() == 200 && a.isLeader());
        assertThat(submitJob(a).statusCode()).isEqualTo(201);
        assertThat(a.coordinator().orElseThrow().execution(running).orElseThrow().status())
                .isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void aFullStoreAnswersStorageFullAndRecoversWhenSpaceReturns() throws Exception {
        NodeFixture.runningExecution(memory);
        FaultyStore faulty = new FaultyStore(memory);
        a = NodeFixture.start(faulty.store, SLOW_CHECKS, "a");
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);

        faulty.fail("commit", new StorageFullException("storage full: PostgreSQL at test is out of disk space", null));
        HttpResponse<String> refused = submitJob(a);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(code(refused)).isEqualTo("storage_full");
        assertThat(message(refused)).contains("store is full").contains("out of disk space");

        await().atMost(Duration.ofSeconds(10)).until(() -> ready(a).statusCode() == 503 && !a.isLeader());
        assertThat(code(ready(a))).isEqualTo("storage_full");
        HttpResponse<String> meanwhile = submitJob(a);
        assertThat(code(meanwhile)).as("not an election hint: " + meanwhile.body()).isEqualTo("storage_full");

        faulty.heal("commit");
        await().atMost(Duration.ofSeconds(10)).until(() -> ready(a).statusCode() == 200);
        assertThat(submitJob(a).statusCode()).isEqualTo(201);
    }

    @Test
    void aLeaderWhoseCommitHangsIsUnfitAndItsCallerGetsAnAnswer() throws Exception {
        LeadershipSettings fast = new LeadershipSettings(Duration.ofMillis(900), Duration.ofMillis(100),
                Duration.ofMillis(200)).withCommitStall(Duration.ofMillis(500));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        FaultyStore faulty = new FaultyStore(memory);
        a = NodeFixture.start(faulty.store, fast, "a");
        try {
            await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
            var first = a.coordinator().orElseThrow();
            faulty.before("commit", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var hung = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return submitJob(a);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> first.unfit().isPresent());
            assertThat(first.unfit().orElseThrow().code()).isEqualTo("commit_stalled");
            assertThat(first.unfit().orElseThrow().reason()).contains("the oldest write has waited");

            // The stalled leader resigns and its stuck caller is answered; nothing waits on the hung store call.
            HttpResponse<String> answer = hung.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(message(answer)).contains("stepped down");
            assertThat(a.coordinator()).isNotEqualTo(java.util.Optional.of(first));
        } finally {
            release.countDown();
        }
    }
}
