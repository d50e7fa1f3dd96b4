package io.meridian.engine.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.store.FaultyStore;
import io.meridian.store.StorageFullException;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.store.StoreWrite;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incident this guards against: the group-commit thread died of OutOfMemoryError, which a catch of
 * RuntimeException let through, so the thread was gone, nothing was marked failed, and every write hung. Now any
 * Throwable fails the committer, every waiting future completes exceptionally, and a hung commit is visible.
 */
class GroupCommitterTest {
    final InMemoryStore memory = new InMemoryStore();
    final FaultyStore faulty = new FaultyStore(memory);
    final Fitness fitness = new Fitness();
    final GroupCommitter committer = new GroupCommitter(faulty.store, fitness);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        committer.close();
    }

    /** One small write, a pipeline named {@code id}; {@link #stored} tells whether it reached the store. */
    static List<StoreWrite> job(String id) {
        return List.of(new StoreWrite.PutPipeline(new Pipeline(id, id, null, 1, FailurePolicy.FAIL_FAST,
                StageDefaults.DEFAULT, List.of())));
    }

    boolean stored(String id) {
        return memory.pipelines().stream().anyMatch(p -> p.id().equals(id));
    }

    static Stream<Throwable> errors() {
        return Stream.of(new OutOfMemoryError("Java heap space"), new StackOverflowError());
    }

    @ParameterizedTest
    @MethodSource("errors")
    void anErrorFromACommitFailsTheCommitterAndEveryWaitingFuture(Throwable error) {
        AtomicInteger heard = new AtomicInteger();
        fitness.onFault(heard::incrementAndGet);
        faulty.fail("commit", error);

        CompletableFuture<Void> first = committer.enqueue(job("a"));
        CompletableFuture<Void> second = committer.enqueue(job("b"));

        await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone() && second.isDone());
        assertThatThrownBy(first::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(CommitRefusedException.class)
                .hasMessageContaining(error.getClass().getSimpleName()).hasCause(error);
        assertThatThrownBy(second::join).cause().isInstanceOf(CommitRefusedException.class);
        assertThat(committer.isFailed()).isTrue();
        assertThat(fitness.fault()).get().extracting(Fitness.Fault::cause).isSameAs(error);
        assertThat(heard).hasValue(1);

        // Later writes are refused at once, even after the store is fine again: memory may be ahead of it.
        faulty.heal("commit");
        CompletableFuture<Void> later = committer.enqueue(job("c"));
        assertThat(later).isCompletedExceptionally();
        assertThat(stored("c")).isFalse();
    }

    @Test
    void aFullStoreFailsTheCommitterWithStorageFullSoCallersCanSaySo() {
        faulty.fail("commit", new StorageFullException("storage full: no space left on device", null));
        CompletableFuture<Void> write = committer.enqueue(job("a"));
        await().atMost(Duration.ofSeconds(10)).until(write::isDone);
        assertThatThrownBy(write::join).cause().isInstanceOf(StorageFullException.class);
        assertThat(fitness.fault()).get().matches(Fitness.Fault::storageFull);
        assertThat(StorageFullException.isCause(catchJoin(committer.enqueue(job("b"))))).isTrue();
    }

    @Test
    void aFaultElsewhereInTheCoordinatorStopsAcknowledgement() {
        fitness.fatal("state update", new OutOfMemoryError("Java heap space"));
        assertThatThrownBy(committer.enqueue(job("a"))::join).cause().isInstanceOf(CommitRefusedException.class)
                .hasMessageContaining("the state update failed (OutOfMemoryError: Java heap space)");
        assertThat(stored("a")).isFalse();
    }

    @Test
    void aHungCommitShowsAsAStallAndClosingReleasesItsCallers() throws Exception {
        fitness.commitStallLimit(Duration.ofMillis(300));
        CountDownLatch entered = new CountDownLatch(1);
        faulty.before("commit", () -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(committer.stall()).isEmpty();
        CompletableFuture<Void> hung = committer.enqueue(job("a"));
        CompletableFuture<Void> behind = committer.enqueue(job("b"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> committer.stall().isPresent());
        assertThat(committer.stall().orElseThrow()).contains("the oldest write has waited").contains("limit 300 ms");
        assertThat(committer.oldestPendingAge()).isGreaterThan(Duration.ofMillis(300));

        // Stepping down: nobody keeps waiting on the hung store call.
        Thread closer = Thread.ofVirtual().start(committer::close);
        await().atMost(Duration.ofSeconds(20)).until(() -> hung.isDone() && behind.isDone());
        assertThatThrownBy(hung::join).cause().isInstanceOf(CommitRefusedException.class)
                .hasMessageContaining("stepped down");
        assertThatThrownBy(behind::join).cause().isInstanceOf(CommitRefusedException.class);
        release.countDown();
        closer.join();
    }

    @Test
    void aHealthyCommitterHasNoStallAndTracksItsLastCommit() {
        committer.enqueue(job("a")).join();
        assertThat(committer.stall()).isEmpty();
        assertThat(committer.oldestPendingAge()).isEqualTo(Duration.ZERO);
        assertThat(committer.sinceLastCommit()).isLessThan(Duration.ofSeconds(10));
        assertThat(stored("a")).isTrue();
    }

    static Throwable catchJoin(CompletableFuture<Void> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    static io.meridian.store.event.EventRecord event(String subject) {
        return io.meridian.store.event.EventRecord.unnumbered(io.meridian.model.event.EventType.LOCK_ACQUIRED,
                java.time.Instant.now(), null, subject, java.util.Map.of());
    }

    @Test
    void aChangeCommittingItsOwnEventsContinuesTheNumberingAndAFailedOneTakesNoNumber() {
        committer.enqueue(job("a"), List.of(event("batch-1"))).join();
        assertThatThrownBy(() -> committer.commitOwn(numbering -> {
            numbering.number(List.of(event("rolled-back")));
            throw new io.meridian.store.StoreException("the lock store failed");
        }).join()).hasCauseInstanceOf(io.meridian.store.StoreException.class);
        assertThat(fitness.fault()).as("a lock change's failure is its caller's").isEmpty();

        String result = committer.commitOwn(numbering -> {
            memory.commit(List.of(new StoreWrite.AppendEvents(numbering.number(List.of(event("own"))))));
            return "done";
        }).join();
        committer.enqueue(job("b"), List.of(event("batch-2"))).join();

        assertThat(result).isEqualTo("done");
        assertThat(memory.events().read(io.meridian.store.event.EventQuery.after(0, 10)))
                .extracting(e -> e.sequence() + " " + e.subject())
                .containsExactly("1 batch-1", "2 own", "3 batch-2");
        assertThat(committer.lastSequence()).isEqualTo(3);
    }

    @Test
    void aChangeRefusedByTheFenceFailsTheCommitter() {
        assertThatThrownBy(() -> committer.commitOwn(numbering -> {
            throw new io.meridian.store.leader.FencedException("term 2 has begun");
        }).join()).isInstanceOf(CompletionException.class);
        assertThat(fitness.fault()).isPresent();
        assertThatThrownBy(() -> committer.commitOwn(numbering -> "too late").join())
                .hasCauseInstanceOf(CommitRefusedException.class);
    }
}
