package io.meridian.server.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts event readers the server dropped for being slow, by transport and cause, as
 * {@code meridian_event_readers_dropped}: an operator sees that readers fall behind (and which limit ends them)
 * without reading the log, and a test can wait for a drop instead of guessing when it happened.
 */
public final class ReaderDrops {
    /** Why a reader was dropped. */
    public enum Cause {
        /** A WebSocket left {@link SubscriberLimits#maxUnsent} messages untaken. */
        UNSENT,
        /** A reader that had caught up fell {@link SubscriberLimits#maxLag} events behind. */
        LAG,
        /** A write to a server-sent event stream stayed blocked longer than its limit. */
        STALLED_WRITE
    }

    /** The two ways to follow the log. */
    public enum Transport { SSE, WEBSOCKET }

    private final Counter[][] counters = new Counter[Transport.values().length][Cause.values().length];

    public ReaderDrops(MeterRegistry registry) {
        for (Transport t : Transport.values()) {
            for (Cause c : Cause.values()) {
                counters[t.ordinal()][c.ordinal()] = Counter.builder("meridian_event_readers_dropped")
                        .description("event readers (SSE, WebSocket) dropped for being slow")
                        .tag("transport", t.name().toLowerCase()).tag("cause", c.name().toLowerCase())
                        .register(registry);
            }
        }
    }

    public void dropped(Transport transport, Cause cause) {
        counters[transport.ordinal()][cause.ordinal()].increment();
    }

    /** Readers dropped so far over {@code transport}, for every cause. */
    public long count(Transport transport) {
        long n = 0;
        for (Counter c : counters[transport.ordinal()]) {
            n += (long) c.count();
        }
        return n;
    }
}
