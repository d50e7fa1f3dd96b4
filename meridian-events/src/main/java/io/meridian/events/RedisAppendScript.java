package io.meridian.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Lua script that appends a run of events to a stream in one command: one {@code XADD} per event, in order, inside
 * Redis. Lettuce's work per event (a command object, its future, its encoding and its reply) was most of the Redis
 * sink's CPU in a profile; with the script that work is paid once per {@link #EVENTS_PER_CALL} events.
 *
 * <p>Arguments: {@code KEYS[1]} is the stream; {@code ARGV} holds, per event, the number of its field names and
 * values followed by them ({@link RedisStreamEntry}). The reply is {@code {added}} when every event was appended, or
 * {@code {added, error}} when the {@code XADD} after the first {@code added} events failed: the script stops there,
 * so the events before it stay appended and the rest are sent again (at least once, in order).
 */
final class RedisAppendScript {

    /**
     * Events per script call: large enough that the per-command cost vanishes, small enough that one call keeps
     * Redis busy for about a millisecond, not for a whole delivery batch.
     */
    static final int EVENTS_PER_CALL = 500;

    static final byte[] SOURCE = """
            local added, i = 0, 1
            while i <= #ARGV do
              local fields = tonumber(ARGV[i])
              local reply = redis.pcall('XADD', KEYS[1], '*', unpack(ARGV, i + 1, i + fields))
              if type(reply) == 'table' and reply.err then
                return {added, reply.err}
              end
              added = added + 1
              i = i + 1 + fields
            end
            return {added}
            """.getBytes(StandardCharsets.UTF_8);

    private RedisAppendScript() {
    }

    /** The script's {@code ARGV} for {@code events}. */
    static byte[][] arguments(List<SinkMessage> events) {
        int size = 0;
        for (SinkMessage m : events) {
            size += 1 + RedisStreamEntry.size(m);
        }
        byte[][] args = new byte[size][];
        int at = 0;
        for (SinkMessage m : events) {
            args[at++] = RedisStreamEntry.bytes(Integer.toString(RedisStreamEntry.size(m)));
            at = RedisStreamEntry.addTo(args, at, m);
        }
        return args;
    }

    /** What one call's reply says: how many events it appended, and why it stopped before the end (or null). */
    record Outcome(int added, String error) {

        static Outcome of(List<Object> reply) {
            if (reply == null || reply.isEmpty() || !(reply.getFirst() instanceof Long added)) {
                throw new IllegalStateException("the append script answered " + reply + ", not {added[, error]}");
            }
            String error = reply.size() > 1 && reply.get(1) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : reply.size() > 1 ? String.valueOf(reply.get(1)) : null;
            return new Outcome(Math.toIntExact(added), error);
        }
    }
}
