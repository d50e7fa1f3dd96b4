package io.meridian.client;

import io.meridian.protocol.api.CloudEvent;
import io.meridian.protocol.api.EventPage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Events delivered to an {@link EventListener} as they commit, by long polls of {@code GET /v1/events} on a
 * thread of its own. It remembers the last sequence delivered and always asks for what follows, so a lost
 * connection or a change of leader costs a retry, never an event. {@link #close} stops it.
 */
public final class EventSubscription implements AutoCloseable {
    /** How long one poll waits for events before asking again. */
    static final long WAIT_MILLIS = 20_000;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Function<EventFilter, EventPage> poll;
    private final EventListener listener;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile long lastSequence;
    private volatile Exception failure;

    EventSubscription(Function<EventFilter, EventPage> poll, EventFilter filter, EventListener listener) {
        this.poll = poll;
        this.listener = listener;
        this.lastSequence = filter.after();
        this.thread = Thread.ofVirtual().name("meridian-events").start(() -> run(filter.withWait(WAIT_MILLIS)));
    }

    private void run(EventFilter filter) {
        try {
            while (!closed) {
                EventPage page;
                try {
                    page = poll.apply(filter.withAfter(lastSequence));
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    listener.onRetry(e);
                    Thread.sleep(RETRY_PAUSE);
                    continue;
                }
                for (CloudEvent event : page.events()) {
                    if (closed) {
                        return;
                    }
                    listener.onEvent(event);
                    lastSequence = event.sequence();
                }
                lastSequence = Math.max(lastSequence, page.next());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        } finally {
            stopped.countDown();
        }
    }

    /** The sequence of the last event delivered (or considered and filtered out): where a new one would resume. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Waits until the subscription ends (closed, or the listener threw); false if {@code timeout} passed first. */
    public boolean await(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the listener threw, if that ended the subscription. */
    public Exception failure() {
        return failure;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
