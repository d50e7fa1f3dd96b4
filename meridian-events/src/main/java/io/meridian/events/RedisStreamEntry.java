package io.meridian.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of one event's stream entry, in the order they are added: {@code id}, {@code sequence}, {@code type},
 * {@code key} (the execution), {@code event} (the CloudEvent JSON) and, for a traced execution's event,
 * {@code traceparent}. Bytes, not strings: the event's JSON goes out as it was serialized, without a round trip
 * through a String (that decoding and re-encoding was the largest cost of a batch in a profile).
 */
final class RedisStreamEntry {

    private static final byte[] ID = bytes("id");
    private static final byte[] SEQUENCE = bytes("sequence");
    private static final byte[] TYPE = bytes("type");
    private static final byte[] KEY = bytes("key");
    private static final byte[] EVENT = bytes("event");
    private static final byte[] TRACEPARENT = bytes(SinkMessage.TRACEPARENT);

    private RedisStreamEntry() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** How many field names and values {@link #addTo} adds for {@code m}. */
    static int size(SinkMessage m) {
        return m.traceparent() == null ? 10 : 12;
    }

    /** Adds {@code m}'s field names and values, alternating, at {@code at}; returns the index after the last. */
    static int addTo(byte[][] args, int at, SinkMessage m) {
        int i = at;
        args[i++] = ID;
        args[i++] = bytes(m.id());
        args[i++] = SEQUENCE;
        args[i++] = bytes(Long.toString(m.sequence()));
        args[i++] = TYPE;
        args[i++] = bytes(m.type());
        args[i++] = KEY;
        args[i++] = bytes(m.orderingKey());
        args[i++] = EVENT;
        args[i++] = m.body();
        if (m.traceparent() != null) {
            args[i++] = TRACEPARENT;
            args[i++] = bytes(m.traceparent());
        }
        return i;
    }

    /** The same fields as a map, for a plain {@code XADD}. */
    static Map<byte[], byte[]> asMap(SinkMessage m) {
        byte[][] args = new byte[size(m)][];
        addTo(args, 0, m);
        Map<byte[], byte[]> fields = new LinkedHashMap<>(16);
        for (int i = 0; i < args.length; i += 2) {
            fields.put(args[i], args[i + 1]);
        }
        return fields;
    }
}
