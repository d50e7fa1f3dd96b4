package io.meridian.server.events;

import io.meridian.model.json.Json;
import io.meridian.server.http.EventStream;
import io.meridian.store.event.EventRecord;

/**
 * Each recent event's CloudEvent JSON, and its server-sent-event frame, written once and shared by every reader that
 * sends it: with S readers an event used to be serialized (and encoded to UTF-8) S times, which made the fan-out's
 * cost grow with the readers (bench-sse). A ring indexed by sequence; a slot may be overwritten or read racily,
 * which only costs a serialization.
 */
final class EventJson {

    private static final class Written {
        final long sequence;
        final String json;
        volatile byte[] frame;

        Written(long sequence, String json) {
            this.sequence = sequence;
            this.json = json;
        }
    }

    private final Written[] ring;

    EventJson(int capacity) {
        this.ring = new Written[capacity];
    }

    String of(EventRecord e) {
        return written(e).json;
    }

    /** The event as a server-sent event: {@code id}, {@code event} (its short type) and {@code data} lines. */
    byte[] frame(EventRecord e) {
        Written w = written(e);
        byte[] frame = w.frame;
        if (frame == null) {
            frame = EventStream.frame(Long.toString(e.sequence()), e.type().wireName(), w.json);
            w.frame = frame;
        }
        return frame;
    }

    private Written written(EventRecord e) {
        int slot = (int) (e.sequence() % ring.length);
        Written w = ring[slot];
        if (w != null && w.sequence == e.sequence()) {
            return w;
        }
        w = new Written(e.sequence(), Json.write(CloudEvents.of(e)));
        ring[slot] = w;
        return w;
    }
}
