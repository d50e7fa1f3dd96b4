package io.meridian.server.events;

/**
 * How far event readers may fall behind before they are dropped.
 *
 * @param tailCapacity events kept in memory for readers (older ones are read from the store)
 * @param maxLag       a stream that had caught up and then falls this many events behind the newest is dropped
 * @param maxUnsent    a WebSocket with this many messages queued but not yet taken by the client is dropped
 */
public record SubscriberLimits(int tailCapacity, int maxLag, int maxUnsent) {

    public static final SubscriberLimits DEFAULT = new SubscriberLimits(16_384, 10_000, 1_000);

    public SubscriberLimits {
        if (tailCapacity < 1 || maxLag < 1 || maxUnsent < 1) {
            throw new IllegalArgumentException("subscriber limits must be at least 1, got " + tailCapacity + ", "
                    + maxLag + ", " + maxUnsent);
        }
    }

    /** The close reason of a dropped reader. */
    String lagging(long behind) {
        return "slow subscriber: " + behind + " events behind (limit " + maxLag + "); reconnect and resume after "
                + "the last sequence received";
    }
}
