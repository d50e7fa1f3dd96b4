package io.meridian.events;

import io.meridian.store.event.EventRecord;

/**
 * The W3C {@code traceparent} a sink puts in an event's message (a Kafka, AMQP or NATS header, a Redis stream field,
 * a webhook's HTTP header), so that a consumer's spans join the trace of the execution the event belongs to. The
 * server gives the tracing module's; {@link #NONE} when tracing is off.
 */
@FunctionalInterface
public interface MessageTrace {

    MessageTrace NONE = event -> null;

    /** The traceparent of the span {@code event} belongs to, or null when it belongs to none. */
    String traceparentOf(EventRecord event);
}
