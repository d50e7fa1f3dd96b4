package io.meridian.events;

import io.meridian.store.event.DeadLetter;
import io.meridian.store.event.EventRecord;
import io.meridian.store.event.SinkCursors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's delivery loop, on its own thread: reads the event log after the sink's durable cursor, sends the
 * matching events in order, and moves the cursor only after the broker acknowledged them (at least once). A failed
 * batch is retried with a doubling backoff; after {@link DeliveryPolicy#maxAttempts} its first event is recorded
 * as a dead letter and skipped. The engine never waits for this loop: it only reads what was committed.
 */
final class SinkDelivery implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SinkDelivery.class);
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final SinkSettings settings;
    private final EventSink sink;
    private final EventFeed feed;
    private final SinkCursors cursors;
    private final Clock clock;
    private final MessageTrace trace;
    private final Counter delivered;
    private final Counter deadLettered;
    private final Counter failures;
    private final List<Meter> meters = new ArrayList<>();
    private volatile long cursor;
    /** Dead letters an operator asked to send again: sent by this loop, between batches, on the sink's connection. */
    private final java.util.concurrent.BlockingQueue<Replay> replays = new java.util.concurrent.LinkedBlockingQueue<>();

    private record Replay(long sequence, java.util.concurrent.CompletableFuture<Void> done) {}

    SinkDelivery(SinkSettings settings, EventSink sink, EventFeed feed, SinkCursors cursors, MeterRegistry registry,
                 MessageTrace trace) {
        this.settings = settings;
        this.sink = sink;
        this.feed = feed;
        this.cursors = cursors;
        this.clock = Clock.systemUTC();
        this.trace = trace;
        String name = settings.name();
        this.delivered = meter(Counter.builder("meridian_sink_events").tag("sink", name).tag("outcome", "delivered")
                .description("events a sink's broker acknowledged").register(registry));
        this.deadLettered = meter(Counter.builder("meridian_sink_events").tag("sink", name)
                .tag("outcome", "dead_lettered").description("events a sink gave up on").register(registry));
        this.failures = meter(Counter.builder("meridian_sink_failures").tag("sink", name)
                .description("failed deliveries (each is retried)").register(registry));
        meter(Gauge.builder("meridian_sink_lag_events", () -> Math.max(0, feed.lastSequence() - cursor))
                .tag("sink", name).description("committed events the sink has not delivered yet").register(registry));
    }

    private <M extends Meter> M meter(M meter) {
        meters.add(meter);
        return meter;
    }

    /** The sequence up to which this sink delivered (or skipped) every event. */
    long cursor() {
        return cursor;
    }

    /**
     * Sends event {@code sequence} once more (one attempt, on this sink's thread and connection) and, when the
     * broker acknowledged it, removes its dead letter. Completes exceptionally with the failure otherwise (the dead
     * letter stays).
     */
    java.util.concurrent.CompletableFuture<Void> replay(long sequence) {
        Replay r = new Replay(sequence, new java.util.concurrent.CompletableFuture<>());
        replays.add(r);
        return r.done();
    }

    private void sendReplays() throws InterruptedException {
        Replay r;
        while ((r = replays.poll()) != null) {
            try {
                EventFeed.Page page = feed.read(r.sequence() - 1, 1, Duration.ZERO);
                if (page.events().isEmpty() || page.events().getFirst().sequence() != r.sequence()) {
                    throw new IllegalStateException("event " + r.sequence() + " is no longer in the event log"
                            + " (older than events.retention); discard its dead letter instead");
                }
                sink.deliver(List.of(message(page.events().getFirst())));
                cursors.removeDeadLetter(settings.name(), r.sequence());
                delivered.increment();
                log.info("{}: dead letter {} replayed and delivered", settings, r.sequence());
                r.done().complete(null);
            } catch (InterruptedException e) {
                r.done().completeExceptionally(e);
                throw e;
            } catch (Exception e) {
                failures.increment();
                r.done().completeExceptionally(e);
            }
        }
    }

    @Override
    public void run() {
        try {
            deliverUntilStopped();
        } finally {
            Replay r;
            while ((r = replays.poll()) != null) {
                r.done().completeExceptionally(new IllegalStateException(settings + " stopped delivering (this"
                        + " coordinator stopped leading); ask the leader again"));
            }
        }
    }

    private void deliverUntilStopped() {
        int storeFailures = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                cursor = cursors.position(settings.name());
                log.info("{}: delivering events after {}", settings, cursor);
                deliverFromCursor();
                return;
            } catch (InterruptedException | EventFeed.Ended e) {
                return;
            } catch (RuntimeException e) {
                // reading the log or moving the cursor failed: start again from the durable cursor
                Duration wait = settings.policy().backoff(++storeFailures);
                log.warn("{}: {}; resuming from the stored cursor in {} ms", settings, e.toString(), wait.toMillis());
                if (!pause(wait)) {
                    return;
                }
            }
        }
    }

    /** A page of the log read and rendered for this sink: the messages it passes, and where the page ends. */
    private record Prepared(List<SinkMessage> batch, long next) {}

    /**
     * Reads, renders and sends a page at a time, and moves the cursor after each page was acknowledged. While the
     * broker works on one page the next is read and rendered (the two overlap, so a batch costs the larger of the
     * two, not their sum); it is sent only after the first was acknowledged, so the order holds across failures.
     */
    private void deliverFromCursor() throws InterruptedException {
        Prepared ahead = null;
        while (!Thread.currentThread().isInterrupted()) {
            Prepared page = ahead;
            ahead = null;
            if (page == null) {
                sendReplays();
                page = prepare(cursor, replays.isEmpty() ? WAIT : Duration.ZERO);
            }
            if (!page.batch().isEmpty()) {
                EventSink.Sent sent = start(page.batch());
                if (replays.isEmpty()) {
                    ahead = prepare(page.next(), Duration.ZERO);
                    if (ahead.batch().isEmpty() && ahead.next() == page.next()) {
                        ahead = null; // nothing new yet: the next read waits for it
                    }
                }
                if (!deliverWithRetries(page.batch(), sent)) {
                    return;
                }
            }
            if (page.next() > cursor) {
                cursors.advance(settings.name(), page.next());
                cursor = page.next();
            }
        }
    }

    private Prepared prepare(long after, Duration wait) throws InterruptedException {
        EventFeed.Page page = feed.read(after, settings.policy().batchSize(), wait);
        List<SinkMessage> batch = new ArrayList<>(page.events().size());
        for (EventRecord e : page.events()) {
            if (settings.filter().accepts(e.type())) {
                batch.add(message(e));
            }
        }
        return new Prepared(batch, page.next());
    }

    /** Starts sending {@code batch}; a failure to start is reported when the sending is awaited, and retried. */
    private EventSink.Sent start(List<SinkMessage> batch) throws InterruptedException {
        try {
            return sink.send(batch);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return () -> {
                throw e;
            };
        }
    }

    private SinkMessage message(EventRecord e) {
        return SinkMessage.of(e, feed.body(e), trace.traceparentOf(e));
    }

    /**
     * Waits for {@code first} (the batch's first attempt, already sent), then retries what it did not deliver.
     * False when interrupted while waiting to retry.
     */
    private boolean deliverWithRetries(List<SinkMessage> batch, EventSink.Sent first) {
        List<SinkMessage> remaining = batch;
        EventSink.Sent attempt = first;
        int attempts = 0;
        while (!remaining.isEmpty()) {
            try {
                if (attempt != null) {
                    attempt.await();
                    attempt = null;
                } else {
                    sink.deliver(remaining);
                }
                delivered.increment(remaining.size());
                return true;
            } catch (Exception e) {
                attempt = null;
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                failures.increment();
                if (e instanceof EventSink.PartlyDelivered partly && partly.delivered() > 0) {
                    int done = Math.min(partly.delivered(), remaining.size());
                    long upTo = remaining.get(done - 1).sequence();
                    cursors.advance(settings.name(), upTo);
                    cursor = Math.max(cursor, upTo);
                    delivered.increment(done);
                    remaining = remaining.subList(done, remaining.size());
                    attempts = 0; // the failure counts against the new head only
                    if (remaining.isEmpty()) {
                        return true;
                    }
                }
                attempts++;
                if (attempts >= settings.policy().maxAttempts()) {
                    SinkMessage head = remaining.getFirst();
                    log.error("{}: event {} not delivered after {} attempts ({}); recorded as a dead letter,"
                            + " delivering the next", settings, head.sequence(), attempts, e.toString());
                    cursors.deadLetter(new DeadLetter(settings.name(), head.sequence(), attempts, e.toString(),
                            clock.instant()));
                    cursors.advance(settings.name(), head.sequence());
                    cursor = Math.max(cursor, head.sequence());
                    deadLettered.increment();
                    remaining = remaining.subList(1, remaining.size());
                    attempts = 0;
                    continue;
                }
                Duration wait = settings.policy().backoff(attempts);
                log.warn("{}: delivery of {} events failed (attempt {} of {}): {}; retrying in {} ms", settings,
                        remaining.size(), attempts, settings.policy().maxAttempts(), e.toString(), wait.toMillis());
                if (!pause(wait)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Removes this sink's meters (the next term registers them again). */
    void unregister(MeterRegistry registry) {
        meters.forEach(registry::remove);
    }

    void closeSink() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            log.warn("{}: closing its connection failed: {}", settings, e.toString());
        }
    }
}
