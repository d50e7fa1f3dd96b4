package io.meridian.events.triggers;

/**
 * Starts a trigger's pipeline from one message. Implemented by the server over the coordinator; the consumers here
 * know no engine.
 */
public interface TriggerTarget {

    /**
     * Starts the execution for this message, or finds the one it started before: the message id is the idempotency
     * key. Returns only once the execution is durably created, and only then is the message acknowledged.
     *
     * @throws UnmappableMessage when the message can never start anything (not JSON, inputs that do not fit, no
     *                           such pipeline): it is dead-lettered instead of redelivered
     * @throws RuntimeException  on anything else (the store is unavailable, leadership lost): the message is not
     *                           acknowledged and comes again
     */
    Started start(String messageId, byte[] body) throws UnmappableMessage;

    /** The execution a message started; {@code duplicate} when an earlier delivery of it had started it. */
    record Started(String executionId, boolean duplicate) {}

    /** A message no delivery of which can start the pipeline, with the reason. */
    final class UnmappableMessage extends Exception {
        public UnmappableMessage(String reason) {
            super(reason);
        }
    }
}
