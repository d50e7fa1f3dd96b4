package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.model.event.EventType;
import io.meridian.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The delivery loop on its own: a stuck sink holds only itself, filters, lag, and the policy's arithmetic. */
class SinkDeliveryTest {

    /** A broker that never answers until released. */
    static final class StuckSink implements EventSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void deliver(List<SinkMessage> batch) throws Exception {
            entered.countDown();
            release.await();
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    @Test
    void aStuckSinkHoldsNeitherTheLogNorAnotherSinkAndShowsItsLag() throws Exception {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StuckSink stuck = new StuckSink();
        CollectingSink healthy = new CollectingSink();
        var settings = List.of(SinkFixtures.settings("stuck", SinkType.KAFKA, "x:1", "t"),
                SinkFixtures.settings("healthy", SinkType.KAFKA, "x:1", "t"));
        try (SinkDeliveries d = SinkDeliveries.start(settings, s -> s.name().equals("stuck") ? stuck : healthy,
                feed, store.sinkCursors(), registry)) {
            feed.append(10, 2);
            assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            feed.append(10_000, 10); // the engine's commits go on while a sink is stuck
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("healthy") == 10_010);
            assertThat(healthy.sequences()).hasSize(10_010);
            assertThat(d.cursor("stuck")).isZero();
            assertThat(registry.get("meridian_sink_lag_events").tag("sink", "stuck").gauge().value())
                    .isEqualTo(10_010);
        }
    }

    /**
     * A broker that answers each batch later (as Redis and Kafka do): the loop prepares the next batch meanwhile, but
     * must not send it before this one was acknowledged. Its first acknowledgement fails, once.
     */
    static final class LateAnsweringSink implements EventSink {
        final List<Long> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean overlapped;
        volatile boolean failedOnce;

        @Override
        public Sent send(List<SinkMessage> batch) {
            if (inFlight.incrementAndGet() > 1) {
                overlapped = true;
            }
            return () -> {
                inFlight.decrementAndGet();
                if (!failedOnce) {
                    failedOnce = true;
                    throw new IllegalStateException("broker hiccup");
                }
                batch.forEach(m -> acknowledged.add(m.sequence()));
            };
        }

        @Override
        public void deliver(List<SinkMessage> batch) throws Exception {
            send(batch).await();
        }

        @Override
        public void close() {}
    }

    @Test
    void aBatchIsSentOnlyAfterThePreviousWasAcknowledgedAndAFailedOneIsRetriedFirst() {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        LateAnsweringSink sink = new LateAnsweringSink();
        SinkSettings small = new SinkSettings("late", SinkType.KAFKA, "x:1", "t", null, null, SinkFilter.ALL,
                new DeliveryPolicy(100, 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
        feed.append(1_000, 7); // ten batches, all there at once: every batch has a next one to prepare
        try (SinkDeliveries d = SinkDeliveries.start(List.of(small), s -> sink, feed, store.sinkCursors(),
                new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> store.sinkCursors().position("late") == 1_000);
        }
        assertThat(sink.overlapped).as("two batches in flight at once").isFalse();
        assertThat(sink.acknowledged).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1_000)
                .boxed().toList());
    }

    @Test
    void aFilteredSinkGetsOnlyItsTypesButItsCursorPassesTheRest() {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        CollectingSink sink = new CollectingSink();
        SinkSettings succeeded = new SinkSettings("done", SinkType.KAFKA, "x:1", "t", null, null,
                SinkFilter.parse(List.of("io.meridian.job.succeeded")), SinkFixtures.FAST);
        feed.append(30, 3);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(succeeded), s -> sink, feed, store.sinkCursors(),
                new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> store.sinkCursors().position("done") == 30);
        }
        assertThat(sink.sequences()).containsExactly(3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L, 27L, 30L);
    }

    @Test
    void filtersNameTypesOrKindsAndRefuseUnknownOnes() {
        assertThat(SinkFilter.parse(List.of("job.*")).types()).contains(EventType.JOB_QUEUED, EventType.JOB_DEAD)
                .doesNotContain(EventType.EXECUTION_CREATED);
        assertThat(SinkFilter.parse(List.of()).types()).containsAll(List.of(EventType.values()));
        assertThatThrownBy(() -> SinkFilter.parse(List.of("job.finished")))
                .hasMessageContaining("unknown event type 'job.finished'").hasMessageContaining("job.succeeded");
        assertThatThrownBy(() -> SinkFilter.parse(List.of("jobs.*"))).hasMessageContaining("'jobs.*'");
    }

    @Test
    void backoffDoublesUpToItsCeiling() {
        DeliveryPolicy p = new DeliveryPolicy(10, 5, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(5), p.backoff(60)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void settingsNameWhatIsMissing() {
        assertThatThrownBy(() -> new SinkSettings("r", SinkType.REDIS_STREAM, "redis://h", null, null, null, null,
                null)).hasMessage("sink 'r' (redis_stream) needs a stream");
        assertThatThrownBy(() -> new SinkSettings("w", SinkType.WEBHOOK, "http://h", null, null, "short", null,
                null)).hasMessageContaining("secret of at least 16 characters");
        assertThatThrownBy(() -> new SinkSettings("Bad Name", SinkType.KAFKA, "h:9092", "t", null, null, null,
                null)).hasMessageContaining("'Bad Name'");
        assertThat(new SinkSettings("w", SinkType.WEBHOOK, "http://h", null, null, "0123456789abcdef", null, null))
                .asString().doesNotContain("0123456789abcdef");
    }

    @Test
    void aSinkThatCannotBeOpenedIsLeftOutAndTheOthersDeliver() {
        ListFeed feed = new ListFeed();
        CollectingSink healthy = new CollectingSink();
        var settings = List.of(SinkFixtures.settings("broken", SinkType.KAFKA, "x:1", "t"),
                SinkFixtures.settings("healthy", SinkType.KAFKA, "x:1", "t"));
        feed.append(5, 1);
        try (SinkDeliveries d = SinkDeliveries.start(settings, s -> {
            if (s.name().equals("broken")) {
                throw new IllegalArgumentException("no such host");
            }
            return healthy;
        }, feed, new InMemoryStore().sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> d.cursor("healthy") == 5);
            assertThatThrownBy(() -> d.cursor("broken")).hasMessageContaining("no sink named 'broken'");
        }
    }
}
