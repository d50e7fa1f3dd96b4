package io.meridian.server.events;

import java.time.Duration;

/**
 * How far event readers may fall behind before they are dropped.
 *
 * @param tailCapacity events kept in memory for readers (older ones are read from the store)
 * @param maxLag       a stream that had caught up and then falls this many events behind the newest is dropped
 * @param maxUnsent    a WebSocket with this many messages queued but not yet taken by the client is dropped
 * @param stalledWrite an event stream whose write to its reader stays blocked this long (the reader stopped reading
 *                     and the socket's buffers are full) is dropped, even though the write never completes
 */
public record SubscriberLimits(int tailCapacity, int maxLag, int maxUnsent, Duration stalledWrite) {

    public static final Duration DEFAULT_STALLED_WRITE = Duration.ofSeconds(10);
    public static final SubscriberLimits DEFAULT = new SubscriberLimits(16_384, 10_000, 1_000);

    public SubscriberLimits(int tailCapacity, int maxLag, int maxUnsent) {
        this(tailCapacity, maxLag, maxUnsent, DEFAULT_STALLED_WRITE);
    }

    public SubscriberLimits {
        if (tailCapacity < 1 || maxLag < 1 || maxUnsent < 1) {
            throw new IllegalArgumentException("subscriber limits must be at least 1, got " + tailCapacity + ", "
                    + maxLag + ", " + maxUnsent);
        }
        if (stalledWrite.toMillis() < 1) {
            throw new IllegalArgumentException("the stalled-write limit must be at least 1 ms, got " + stalledWrite);
        }
    }

    /** The close reason of a dropped reader. */
    String lagging(long behind) {
        return "slow subscriber: " + behind + " events behind (limit " + maxLag + "); reconnect and resume after "
                + "the last sequence received";
    }
}
