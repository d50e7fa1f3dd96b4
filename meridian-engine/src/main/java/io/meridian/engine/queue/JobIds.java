package io.meridian.engine.queue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Job ids that sort by creation: milliseconds since the epoch and a per-process counter, in fixed-width hex,
 * plus a random suffix so ids from several coordinators never collide.
 */
public final class JobIds {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String NODE = Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);

    private JobIds() {}

    public static String next(String prefix, long epochMillis) {
        return String.format("%s%011x%06x%s", prefix, epochMillis, COUNTER.incrementAndGet() & 0xFFFFFF, NODE);
    }
}
