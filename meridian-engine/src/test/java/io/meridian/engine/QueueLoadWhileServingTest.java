package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.durability.CommitRefusedException;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.JobStatus;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.model.pipeline.RetryPolicy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A new leader serves as soon as the first chunk of its inherited queue is in memory; the rest streams in behind.
 * Meanwhile no job is handed out twice or lost, a job submitted during the load is served, and a cancel of a job
 * not yet loaded waits for it instead of answering "unknown". A load that fails once the leader serves makes it
 * unfit, so it steps down.
 */
class QueueLoadWhileServingTest {
    static final int QUEUED = 2 * QueueLoader.CHUNK + 300;
    final SettableClock clock = new SettableClock();
    final InMemoryStore memory = new InMemoryStore();
    final CountDownLatch streamHeld = new CountDownLatch(1);
    final CountDownLatch streamMayGoOn = new CountDownLatch(1);
    volatile int countsOfTheWholeTable;

    List<String> queuedByThePreviousLeader() {
        try (Coordinator previous = Coordinator.manual(memory, EngineSettings.DEFAULT, clock)) {
            List<io.meridian.store.JobSpec> specs = new ArrayList<>();
            for (int i = 0; i < QUEUED; i++) {
                specs.add(PayloadsStayInTheStoreTest.job(i, RetryPolicy.NONE));
            }
            return previous.submitAll(specs);
        }
    }

    /**
     * The store, but the stream of queued jobs stops after its first chunk and one row more: it then waits for the
     * test (or, with {@code failure}, throws it).
     */
    Store holdingTheStream(RuntimeException failure) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("countJobsByStatus")) {
                        countsOfTheWholeTable++;
                    }
                    if (method.getName().equals("forEachJobWithoutPayload")
                            && ((Set<?>) args[0]).contains(JobStatus.WAITING)) {
                        @SuppressWarnings("unchecked")
                        Consumer<JobRecord> each = (Consumer<JobRecord>) args[1];
                        int[] seen = {0};
                        args = args.clone();
                        args[1] = (Consumer<JobRecord>) j -> {
                            if (++seen[0] == QueueLoader.CHUNK + 1) {
                                streamHeld.countDown();
                                if (failure != null) {
                                    throw failure;
                                }
                                awaitQuietly(streamMayGoOn);
                            }
                            each.accept(j);
                        };
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void servesWhileLoadingAndHandsOutEveryJobOnce() throws Exception {
        List<String> queued = queuedByThePreviousLeader();
        String notYetLoaded = queued.get(QUEUED - 1);
        try (Coordinator next = Coordinator.manual(holdingTheStream(null), EngineSettings.DEFAULT, clock)) {
            next.recoverAll(() -> false);
            assertThat(streamHeld.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(next.queueLoaded()).isFalse();

            TestWorker worker = new TestWorker(next.leases(), "w");
            List<String> handedOut = new ArrayList<>();
            List<LeaseGrant> first = worker.take(10);
            first.forEach(g -> handedOut.add(g.lease().jobId()));
            first.forEach(g -> worker.succeed(g.lease(), null));
            assertThat(handedOut).as("served from the first chunk").isNotEmpty()
                    .allMatch(id -> queued.indexOf(id) < QueueLoader.CHUNK);

            String fresh = next.submit(PayloadsStayInTheStoreTest.job(-1, RetryPolicy.NONE), null).id();
            CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> next.cancelJob(notYetLoaded));
            assertThat(next.queueLoaded()).isFalse();

            streamMayGoOn.countDown();
            next.awaitQueueLoaded();
            assertThat(cancel.get(30, TimeUnit.SECONDS)).as("the cancel found the job once it was loaded").isTrue();

            List<LeaseGrant> rest;
            while (!(rest = worker.take(500)).isEmpty()) {
                rest.forEach(g -> handedOut.add(g.lease().jobId()));
                rest.forEach(g -> worker.succeed(g.lease(), null));
            }
            Set<String> expected = new HashSet<>(queued);
            expected.remove(notYetLoaded);
            expected.add(fresh);
            assertThat(handedOut).as("no job twice").doesNotHaveDuplicates();
            assertThat(new HashSet<>(handedOut)).as("none lost, the cancelled one not served").isEqualTo(expected);
            assertThat(memory.job(notYetLoaded).orElseThrow().state().status()).isEqualTo(JobStatus.CANCELLED);
        }
    }

    /**
     * A new leader does not count the jobs table before it serves: its finished counts come from the load's own
     * snapshot at the end of the stream. Until then the stats say they are loading, and count what finished since.
     */
    @Test
    void finishedCountsComeWithTheEndOfTheLoadAndSayWhatTheyCountUntilThen() throws Exception {
        queuedByThePreviousLeader();
        try (Coordinator previous = Coordinator.manual(memory, EngineSettings.DEFAULT, clock)) {
            previous.recoverAll();
            TestWorker old = new TestWorker(previous.leases(), "old");
            old.take(3).forEach(g -> old.succeed(g.lease(), null));
            assertThat(previous.queueStats().succeeded()).isEqualTo(3);
        }
        try (Coordinator next = Coordinator.manual(holdingTheStream(null), EngineSettings.DEFAULT, clock)) {
            next.recoverAll(() -> false);
            assertThat(streamHeld.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(next.queueStats().loading()).as("the stats say they are partial").isTrue();
            assertThat(next.queueStats().succeeded()).as("only what finished since the takeover").isZero();

            TestWorker worker = new TestWorker(next.leases(), "w");
            worker.take(2).forEach(g -> worker.succeed(g.lease(), null));
            assertThat(next.queueStats().succeeded()).isEqualTo(2);
            clock.advance(java.time.Duration.ofMinutes(1));
            CompletableFuture<Long> clean = CompletableFuture.supplyAsync(() -> next.cleanQueue(
                    Set.of(JobStatus.SUCCEEDED), java.time.Duration.ofSeconds(1)));
            assertThat(clean).as("a delete waits for the store's counts").isNotDone();

            streamMayGoOn.countDown();
            next.awaitQueueLoaded();

            assertThat(clean.get(30, TimeUnit.SECONDS)).as("the store's 3, and the 2 since").isEqualTo(5);
            assertThat(next.queueStats().loading()).isFalse();
            assertThat(next.queueStats().succeeded()).isZero();
            assertThat(next.queueStats().waiting()).isEqualTo(QUEUED - 5);
        }
        assertThat(countsOfTheWholeTable).as("no count of the whole jobs table").isZero();
    }

    @Test
    void aLoadThatFailsOnceServingMakesTheLeaderUnfit() throws Exception {
        queuedByThePreviousLeader();
        try (Coordinator next = Coordinator.manual(holdingTheStream(new StoreException("connection reset")),
                EngineSettings.DEFAULT, clock)) {
            try {
                next.recoverAll(() -> false);
            } catch (CommitRefusedException refused) {
                // on a busy machine the load can fail before recoverAll reads the leased jobs: that read is then
                // refused for the same reason, which is as right as returning first
                assertThat(refused).hasMessageContaining("connection reset");
            }

            await().atMost(30, TimeUnit.SECONDS).until(() -> next.unfit().isPresent());
            assertThat(next.unfit().orElseThrow().reason()).contains("connection reset");
        }
    }

    @Test
    void theBlockingFormReturnsWithTheWholeQueueInMemory() {
        queuedByThePreviousLeader();
        try (Coordinator next = Coordinator.manual(memory, EngineSettings.DEFAULT, clock)) {
            next.recoverAll();

            assertThat(next.queueLoaded()).isTrue();
            assertThat(next.queueStats().waiting()).isEqualTo(QUEUED);
        }
    }
}
