package io.meridian.server.cluster;

import static io.meridian.server.cluster.NodeFixture.code;
import static io.meridian.server.cluster.NodeFixture.ready;
import static io.meridian.server.cluster.NodeFixture.submitJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.store.FaultyStore;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Term;
import io.meridian.store.memory.InMemoryStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Taking over with a big backlog must not depose the new leader: the reload runs beside the lease renewals, not
 * inside them. Here the reload is held up far beyond the lease's ttl; the leader keeps its lease (no second
 * election), answers leader_starting meanwhile, and leads once the reload is done. Before, the reload ran on the
 * elector's thread, the lease lapsed after ttl - margin, and leadership flapped between the nodes.
 */
class SlowTakeoverTest {
    static final LeadershipSettings FAST = new LeadershipSettings(Duration.ofMillis(900), Duration.ofMillis(100),
            Duration.ofMillis(200));
    final InMemoryStore memory = new InMemoryStore();
    final FaultyStore faulty = new FaultyStore(memory);
    final CountDownLatch reloadMayFinish = new CountDownLatch(1);
    final CountDownLatch reloading = new CountDownLatch(1);
    CoordinatorNode a;
    CoordinatorNode b;

    @AfterEach
    void stop() {
        reloadMayFinish.countDown();
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    /** recoverAll pages through the unfinished executions: that read waits until the test lets it go. */
    void holdUpTheReload() {
        faulty.beforeWhen("executions", args -> args[0] instanceof io.meridian.store.query.ExecutionQuery, () -> {
            reloading.countDown();
            try {
                reloadMayFinish.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aReloadLongerThanTheLeaseKeepsTheLeaseAndNoOtherElectionHappens() throws Exception {
        NodeFixture.runningExecution(memory);
        holdUpTheReload();
        a = NodeFixture.start(faulty.store, FAST, "a");
        assertThat(reloading.await(10, TimeUnit.SECONDS)).isTrue();
        b = NodeFixture.start(memory, FAST, "b");
        Set<Long> epochs = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                memory.leadership().leader().map(LeaderInfo::epoch).ifPresent(epochs::add);
                b.coordinator().ifPresent(c -> epochs.add(-1L));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        // Three ttls of reloading (0.9 s each); a reload on the renewal path lost the lease after 0.7 s.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * FAST.ttl().toMillis());
        while (System.nanoTime() < until) {
            HttpResponse<String> health = ready(a);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(code(health)).isEqualTo("leader_starting");
            assertThat(a.isLeader()).isFalse();
            Thread.sleep(100);
        }
        HttpResponse<String> write = submitJob(a);
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(code(write)).as(write.body()).isEqualTo("leader_starting");

        reloadMayFinish.countDown();
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        assertThat(ready(a).statusCode()).isEqualTo(200);
        assertThat(submitJob(a).statusCode()).isEqualTo(201);
        watching.set(false);
        watcher.join();
        assertThat(epochs).as("one term throughout: the lease was kept and nobody else was elected")
                .containsExactly(1L);
        assertThat(a.recovered()).isEqualTo(1);
    }

    @Test
    void aTermLostDuringTheReloadDiscardsTheHalfBuiltCoordinator() throws Exception {
        NodeFixture.runningExecution(memory);
        holdUpTheReload();
        a = NodeFixture.start(faulty.store, FAST, "a");
        assertThat(reloading.await(10, TimeUnit.SECONDS)).isTrue();
        Term won = new Term("a", memory.leadership().leader().orElseThrow().epoch());

        // Another coordinator takes the lease (a's resigned behind its back, as after a long stall).
        memory.leadership().resign(won);
        assertThat(memory.leadership().acquire("z", "http://127.0.0.1:1", Duration.ofMinutes(1))).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> code(ready(a)).isEmpty() || !code(ready(a))
                .equals("leader_starting"));

        reloadMayFinish.countDown();
        // The reload finishes, finds its term gone and is discarded: a never serves as leader.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            assertThat(a.coordinator()).isEmpty();
            assertThat(a.isLeader()).isFalse();
            Thread.sleep(50);
        }
        assertThat(memory.leadership().leader().orElseThrow().nodeId()).isEqualTo("z");
    }
}
