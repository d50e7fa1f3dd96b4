package io.meridian.server.http;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream ({@code text/event-stream}) being written to one client. Each event is flushed at
 * once. A write to a client that went away throws {@link IOException}, which ends the stream.
 */
public final class EventStream {
    private final ServletOutputStream out;

    EventStream(ServletOutputStream out) {
        this.out = out;
    }

    /** One event; {@code data} is one line (compact JSON), so it needs no splitting. */
    public void send(String event, String data) throws IOException {
        if (event.contains("\n") || data.contains("\n") || event.contains("\r") || data.contains("\r")) {
            throw new IllegalArgumentException("an event and its data must be single lines");
        }
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
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
        out.flush();
    }

    /**
     * As {@link #send(String, String, String)} with an id, but left in the response's buffer until {@link #flush}:
     * a reader sent a page of events at once costs one write to the socket, not one per event (with many readers,
     * a write per event and reader took the CPU the rest of the server needed).
     */
    public void write(String id, String event, String data) throws IOException {
        if (id.contains("\n") || id.contains("\r") || event.contains("\n") || data.contains("\n")
                || event.contains("\r") || data.contains("\r")) {
            throw new IllegalArgumentException("an event, its id and its data must be single lines");
        }
        out.write(("id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends what {@link #write} left in the buffer. */
    public void flush() throws IOException {
        out.flush();
    }

    /** A comment line: keeps idle proxies from closing the stream, and finds out whether the client is gone. */
    public void keepAlive() throws IOException {
        out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
