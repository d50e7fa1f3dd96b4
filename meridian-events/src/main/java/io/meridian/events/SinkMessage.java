package io.meridian.events;

import io.meridian.model.json.Json;
import io.meridian.protocol.api.CloudEvent;
import io.meridian.store.event.EventRecord;

/**
 * One event as a sink sends it: its CloudEvents 1.0 JSON and what brokers route or deduplicate by.
 *
 * @param sequence    the store-wide sequence (also the CloudEvent's id)
 * @param type        the short type ({@code job.succeeded})
 * @param orderingKey the execution id, or the subject for events outside an execution: brokers that partition
 *                    (Kafka) keep one key's messages in order
 * @param body        the CloudEvent as UTF-8 JSON
 * @param traceparent the W3C trace context of the execution's span the event belongs to (sent as a header, or a
 *                    Redis field, named {@value #TRACEPARENT}), or null when it is not traced
 */
public record SinkMessage(long sequence, String type, String orderingKey, byte[] body, String traceparent) {

    public static final String CONTENT_TYPE = "application/cloudevents+json";
    /** The W3C Trace Context header's name, used as is by every broker. */
    public static final String TRACEPARENT = "traceparent";

    public static SinkMessage of(EventRecord e) {
        return of(e, null);
    }

    public static SinkMessage of(EventRecord e, String traceparent) {
        return of(e, render(e), traceparent);
    }

    /** With the event's body already rendered ({@link #render}, or a feed's shared copy of it). */
    public static SinkMessage of(EventRecord e, byte[] body, String traceparent) {
        String key = e.executionId() != null ? e.executionId() : e.subject() != null ? e.subject() : "meridian";
        return new SinkMessage(e.sequence(), e.type().wireName(), key, body, traceparent);
    }

    /** The event's CloudEvent as UTF-8 JSON. */
    public static byte[] render(EventRecord e) {
        return Json.writeBytes(new CloudEvent(CloudEvent.SPEC_VERSION, Long.toString(e.sequence()), CloudEvent.SOURCE,
                e.type().cloudEventsType(), e.subject(), e.time(), "application/json", e.sequence(), e.executionId(),
                e.data()));
    }

    /** The message id brokers deduplicate by: the same event always gets the same id. */
    public String id() {
        return "meridian-" + sequence;
    }
}
