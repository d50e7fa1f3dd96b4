package io.meridian.server.events;

import io.meridian.model.json.Json;
import io.meridian.store.event.EventRecord;

/**
 * Each recent event's CloudEvent JSON, written once and shared by every reader that sends it: with S readers an
 * event used to be serialized S times, which made the fan-out's cost grow with the readers (bench-sse). A ring
 * indexed by sequence; a slot may be overwritten or read racily, which only costs a serialization.
 */
final class EventJson {

    private record Written(long sequence, String json) {}

    private final Written[] ring;

    EventJson(int capacity) {
        this.ring = new Written[capacity];
    }

    String of(EventRecord e) {
        int slot = (int) (e.sequence() % ring.length);
        Written w = ring[slot];
        if (w != null && w.sequence() == e.sequence()) {
            return w.json();
        }
        String json = Json.write(CloudEvents.of(e));
        ring[slot] = new Written(e.sequence(), json);
        return json;
    }
}
