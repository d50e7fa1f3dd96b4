package io.meridian.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.model.event.EventType;
import io.meridian.store.StoreWrite;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared tail: recent events from memory, older ones from the store, waits that end on a commit. */
class EventTailTest {
    final InMemoryStore store = new InMemoryStore();

    static List<EventRecord> events(long from, long to, EventType type) {
        List<EventRecord> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(new EventRecord(s, type, Instant.EPOCH.plusMillis(s), s % 2 == 0 ? "even" : "odd", "e" + s,
                    Map.of()));
        }
        return out;
    }

    /** Commits the events to the store, then hands them to the tail, as the group committer does. */
    void commit(EventTail tail, List<EventRecord> events) {
        store.commit(List.of(new StoreWrite.AppendEvents(events)));
        tail.publish(events);
    }

    @Test
    void recentEventsComeFromTheRingAndOlderOnesFromTheStoreWithoutAGap() throws Exception {
        EventTail tail = new EventTail(store.events(), 0, 10);
        commit(tail, events(1, 25, EventType.JOB_QUEUED)); // the ring keeps 16..25

        List<Long> seen = new ArrayList<>();
        long after = 0;
        while (after < 25) {
            EventTail.Page page = tail.read(EventQuery.after(after, 7), Duration.ZERO);
            page.events().forEach(e -> seen.add(e.sequence()));
            after = page.next();
        }
        assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
    }

    @Test
    void filteredReadsAdvanceOverWhatDidNotMatch() throws Exception {
        EventTail tail = new EventTail(store.events(), 0, 100);
        commit(tail, events(1, 10, EventType.JOB_QUEUED));
        EventTail.Page odd = tail.read(new EventQuery(0, Set.of(), "odd", 100), Duration.ZERO);
        assertThat(odd.events()).extracting(EventRecord::sequence).containsExactly(1L, 3L, 5L, 7L, 9L);
        assertThat(odd.next()).isEqualTo(10);
        EventTail.Page none = tail.read(new EventQuery(0, Set.of(EventType.JOB_DEAD), null, 100), Duration.ZERO);
        assertThat(none.events()).isEmpty();
        assertThat(none.next()).isEqualTo(10);
    }

    @Test
    void aWaitingReadReturnsWhenAMatchingEventCommits() throws Exception {
        EventTail tail = new EventTail(store.events(), 0, 100);
        CompletableFuture<EventTail.Page> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tail.read(new EventQuery(0, Set.of(EventType.JOB_DEAD), null, 10), Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        commit(tail, events(1, 3, EventType.JOB_QUEUED));
        commit(tail, events(4, 4, EventType.JOB_DEAD));
        assertThat(waiting.get(20, TimeUnit.SECONDS).events()).extracting(EventRecord::sequence).containsExactly(4L);
    }

    @Test
    void aTailAttachedLateReadsTheEventsItMissedFromTheStore() throws Exception {
        store.commit(List.of(new StoreWrite.AppendEvents(events(1, 5, EventType.JOB_QUEUED))));
        EventTail tail = new EventTail(store.events(), 2, 100); // started at 2: 3..5 committed before it listened
        commit(tail, events(6, 8, EventType.JOB_QUEUED));
        EventTail.Page page = tail.read(EventQuery.after(2, 100), Duration.ZERO);
        assertThat(page.events()).extracting(EventRecord::sequence).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void aClosedTailEndsReaders() {
        EventTail tail = new EventTail(store.events(), 0, 10);
        tail.close();
        assertThatThrownBy(() -> tail.read(EventQuery.after(0, 1), Duration.ofSeconds(5)))
                .isInstanceOf(EventTail.Closed.class).hasMessageContaining("stopped leading");
    }

    @Test
    void aReaderThatFallsTooFarBehindIsDroppedWithTheReason() throws Exception {
        EventTail tail = new EventTail(store.events(), 0, 1000);
        commit(tail, events(1, 1, EventType.JOB_QUEUED));
        List<String> ended = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger lagDrops = new java.util.concurrent.atomic.AtomicInteger();
        EventFollower follower = new EventFollower(tail, () -> new SubscriberLimits(1000, 10, 10));
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                follower.follow(0, Set.of(), null, new EventFollower.Sink() {
                    @Override
                    public void send(long sequence, String type, String json) {
                        sent.add(sequence);
                        if (sequence == 2) {
                            commit(tail, events(3, 100, EventType.JOB_QUEUED)); // the reader is now 98 behind
                        }
                    }

                    @Override
                    public void keepAlive() {
                    }

                    @Override
                    public void end(String reason) {
                        ended.add(reason);
                    }
                }, lagDrops::incrementAndGet);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // it sent event 1, was then at the newest event, and waits for more
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);
        commit(tail, events(2, 2, EventType.JOB_QUEUED));
        reader.join(20_000);
        assertThat(sent).containsExactly(1L, 2L);
        assertThat(lagDrops).hasValue(1);
        assertThat(ended).singleElement().asString().contains("slow subscriber: 98 events behind (limit 10)");
    }
}
