package io.meridian.server.events;

import io.meridian.model.json.Json;
import io.meridian.server.http.EventStream;
import io.meridian.store.event.EventRecord;
import java.nio.charset.StandardCharsets;

/**
 * Each recent event's CloudEvent JSON, written once and shared by everything that sends it: every reader's stream
 * and every sink. With S readers an event used to be serialized (and encoded to UTF-8) S times, which made the
 * fan-out's cost grow with the readers (bench-sse); each sink serialized it once more. A ring indexed by sequence;
 * a slot may be overwritten or read racily, which only costs a serialization. Its forms (text for WebSockets, the
 * server-sent-event frame) are made from the bytes when first asked for.
 */
final class EventJson {

    private static final class Written {
        final long sequence;
        final byte[] bytes;
        volatile String text;
        volatile byte[] frame;

        Written(long sequence, byte[] bytes) {
            this.sequence = sequence;
            this.bytes = bytes;
        }
    }

    private final Written[] ring;

    EventJson(int capacity) {
        this.ring = new Written[capacity];
    }

    /** The CloudEvent as UTF-8 JSON; shared: callers must not change it. */
    byte[] bytes(EventRecord e) {
        return written(e).bytes;
    }

    String of(EventRecord e) {
        Written w = written(e);
        String text = w.text;
        if (text == null) {
            text = new String(w.bytes, StandardCharsets.UTF_8);
            w.text = text;
        }
        return text;
    }

    /** The event as a server-sent event: {@code id}, {@code event} (its short type) and {@code data} lines. */
    byte[] frame(EventRecord e) {
        Written w = written(e);
        byte[] frame = w.frame;
        if (frame == null) {
            frame = EventStream.frame(Long.toString(e.sequence()), e.type().wireName(), w.bytes);
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
        w = new Written(e.sequence(), Json.writeBytes(CloudEvents.of(e)));
        ring[slot] = w;
        return w;
    }
}
