package io.meridian.server.http;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server-sent event stream ({@code text/event-stream}) being written to one client. A write to a client that
 * went away throws {@link IOException}, which ends the stream. A write that stays blocked longer than
 * {@link #stalledWriteLimit} (the client stopped reading and the socket's buffers are full) is aborted by
 * {@link StalledWrites}: the stream's connection is reset, the write throws, and the memory it held is released.
 */
public final class EventStream {
    /** A write blocked this long is aborted, unless the route sets another limit. */
    public static final Duration DEFAULT_STALLED_WRITE = Duration.ofSeconds(30);
    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private final ServletOutputStream out;
    private final Runnable abort;
    private volatile long stalledWriteNanos = DEFAULT_STALLED_WRITE.toNanos();
    /** When the write under way started (System.nanoTime), or 0 while none is. */
    private volatile long writingSince;
    private volatile String abortReason;
    private volatile Runnable onStalled = () -> { };

    EventStream(ServletOutputStream out, Runnable abort) {
        this.out = out;
        this.abort = abort;
    }

    /**
     * The stream is ended when one write (an event that filled the buffer, or a flush) stays blocked this long.
     * Also the stream's memory bound: a reader that takes nothing holds its buffers for at most this long.
     */
    public void stalledWriteLimit(Duration limit) {
        if (limit.toMillis() < 1) {
            throw new IllegalArgumentException("a stalled-write limit must be at least 1 ms, got " + limit);
        }
        stalledWriteNanos = limit.toNanos();
    }

    /** Runs when this stream is aborted for a stalled write (a metric of dropped readers). */
    public void onStalled(Runnable listener) {
        onStalled = listener;
    }

    /** One event; {@code data} is one line (compact JSON), so it needs no splitting. */
    public void send(String event, String data) throws IOException {
        if (event.contains("\n") || data.contains("\n") || event.contains("\r") || data.contains("\r")) {
            throw new IllegalArgumentException("an event and its data must be single lines");
        }
        writeBytes(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        flush();
    }

    /**
     * One event with an {@code id} (null for none), which a client that reconnects sends back as
     * {@code Last-Event-ID} so that the stream resumes after it.
     */
    public void send(String id, String event, String data) throws IOException {
        if (id == null) {
            send(event, data);
            return;
        }
        write(id, event, data);
        flush();
    }

    /**
     * As {@link #send(String, String, String)} with an id, but left in the response's buffer until {@link #flush}:
     * a reader sent a page of events at once costs one write to the socket, not one per event (with many readers,
     * a write per event and reader took the CPU the rest of the server needed).
     */
    public void write(String id, String event, String data) throws IOException {
        writeFrame(frame(id, event, data));
    }

    /**
     * The bytes of one event as {@link #write} sends it: made once and written to every stream that sends the
     * event with {@link #writeFrame}, so S readers cost one serialization, not S.
     */
    public static byte[] frame(String id, String event, String data) {
        return frame(id, event, data.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #frame(String, String, String)} with the data already in UTF-8 (compact JSON). */
    public static byte[] frame(String id, String event, byte[] data) {
        if (id.contains("\n") || id.contains("\r") || event.contains("\n") || event.contains("\r")) {
            throw new IllegalArgumentException("an event and its id must be single lines");
        }
        for (byte b : data) {
            if (b == '\n' || b == '\r') {
                throw new IllegalArgumentException("an event's data must be a single line");
            }
        }
        byte[] head = ("id: " + id + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(data, 0, frame, head.length, data.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /**
     * Events made by {@link #frame} (one, or a page of them joined), left in the buffer until {@link #flush}; an
     * array larger than the response's buffer goes to the connection as it is, without a copy.
     */
    public void writeFrame(byte[] frame) throws IOException {
        writeBytes(frame);
    }

    /** Sends what {@link #write} left in the buffer. */
    public void flush() throws IOException {
        begin();
        try {
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    /** A comment line: keeps idle proxies from closing the stream, and finds out whether the client is gone. */
    public void keepAlive() throws IOException {
        writeBytes(KEEP_ALIVE);
        flush();
    }

    private void writeBytes(byte[] bytes) throws IOException {
        begin();
        try {
            out.write(bytes); // blocks when the response's buffer is full and the socket takes nothing
        } finally {
            writingSince = 0;
        }
    }

    private void begin() throws IOException {
        String reason = abortReason;
        if (reason != null) {
            throw new IOException(reason);
        }
        writingSince = Math.max(1, System.nanoTime());
    }

    /** Called by the scanner: aborts the stream when its current write started over the limit ago. */
    boolean abortIfStalled(long now) {
        long since = writingSince;
        if (since == 0 || now - since < stalledWriteNanos) {
            return false;
        }
        abortReason = "event stream dropped: a write to its reader was blocked for "
                + Duration.ofNanos(now - since).toMillis() + " ms (limit " + Duration.ofNanos(stalledWriteNanos)
                .toMillis() + " ms); the reader stopped reading";
        abort.run();
        onStalled.run();
        return true;
    }

    String abortReason() {
        return abortReason;
    }
}
