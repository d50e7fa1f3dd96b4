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
 */
public record SinkMessage(long sequence, String type, String orderingKey, byte[] body) {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public static SinkMessage of(EventRecord e) {
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, Long.toString(e.sequence()), CloudEvent.SOURCE,
                e.type().cloudEventsType(), e.subject(), e.time(), "application/json", e.sequence(), e.executionId(),
                e.data());
        String key = e.executionId() != null ? e.executionId() : e.subject() != null ? e.subject() : "meridian";
        return new SinkMessage(e.sequence(), e.type().wireName(), key, Json.writeBytes(event));
    }

    /** The message id brokers deduplicate by: the same event always gets the same id. */
    public String id() {
        return "meridian-" + sequence;
    }
}
