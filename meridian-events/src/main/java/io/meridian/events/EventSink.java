package io.meridian.events;

import java.util.List;

/**
 * Where a sink's events go: one broker or endpoint. Delivery is at least once: {@link #deliver} returns only when
 * the broker acknowledged every message durably; when it throws, the whole batch is sent again later, so some may
 * arrive twice (each carries {@link SinkMessage#id()} for deduplication). Called from one thread, in sequence order.
 */
public interface EventSink extends AutoCloseable {

    /**
     * Sends the messages in order and waits for the broker's acknowledgement of each.
     *
     * @throws Exception when any was not acknowledged (the batch is retried from its first message)
     */
    void deliver(List<SinkMessage> batch) throws Exception;

    /**
     * Starts sending the messages, after everything sent before, and returns what waits for their
     * acknowledgements: the delivery loop prepares the next batch while the broker works on this one. It sends the
     * next batch only after this one was acknowledged, so order holds across a failure. By default the batch is
     * delivered at once.
     *
     * @throws Exception when sending could not start (the batch is retried)
     */
    default Sent send(List<SinkMessage> batch) throws Exception {
        deliver(batch);
        return Sent.DONE;
    }

    /** A batch on its way to the broker. */
    @FunctionalInterface
    interface Sent {
        Sent DONE = () -> { };

        /**
         * Returns when the broker acknowledged every message of the batch.
         *
         * @throws Exception as {@link #deliver} does, {@link PartlyDelivered} included
         */
        void await() throws Exception;
    }

    @Override
    void close();

    /**
     * Thrown by {@link #deliver} when the first {@link #delivered()} messages of the batch were acknowledged and the
     * next one failed: delivery resumes at the failed message, which alone counts the attempt, so a message the
     * broker keeps refusing becomes the dead letter, not the messages before it.
     */
    final class PartlyDelivered extends Exception {
        private final int delivered;

        public PartlyDelivered(int delivered, Exception cause) {
            super(cause.getMessage(), cause);
            this.delivered = delivered;
        }

        public int delivered() {
            return delivered;
        }

        @Override
        public String toString() {
            return getCause().toString();
        }
    }
}
