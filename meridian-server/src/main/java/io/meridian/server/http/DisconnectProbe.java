package io.meridian.server.http;

import java.io.IOException;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices, while a request waits (a long poll), that the client closed its HTTP/1.1 connection. Jetty reads an
 * HTTP/1.1 connection only between requests, so a client that dies mid-request goes unseen until the answer is
 * written. The probe asks to be told when the connection becomes readable: from a client waiting for its answer
 * that can only be the end of the stream (the kernel closes a killed process's sockets). The probe then closes
 * the connection, so its close listeners run now. Bytes that arrive instead (a pipelined request, which no
 * Meridian client sends) cannot be handed back to Jetty, so they close the connection too.
 * <p>HTTP/2 needs no probe (Jetty always reads its connections), and the probe then does nothing. It must be
 * closed before the answer is written, so that Jetty can wait for the connection's next request itself.
 */
final class DisconnectProbe implements Callback, AutoCloseable {
    private static final AutoCloseable NONE = () -> { };
    private static final Throwable STOPPED = new Throwable("probe stopped", null, false, false) { };

    private final AbstractEndPoint endPoint;
    private boolean done;

    private DisconnectProbe(AbstractEndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** Starts probing {@code connection}; close the result when the request stops waiting. */
    static AutoCloseable start(Connection connection) {
        EndPoint e = connection.getEndPoint();
        // HTTP/1.1 only: an HTTP/2 connection is read by Jetty itself, and between two of its reads the probe
        // would win the fill interest, eat a frame and close a connection that carries other streams.
        if (!(connection instanceof org.eclipse.jetty.server.internal.HttpConnection)
                || !(e instanceof AbstractEndPoint endPoint)) {
            return NONE;
        }
        DisconnectProbe probe = new DisconnectProbe(endPoint);
        // false while someone already reads it (HTTP/2, a body still arriving): nothing to add then
        return endPoint.tryFillInterested(probe) ? probe : NONE;
    }

    @Override
    public void succeeded() {
        synchronized (this) {
            if (done) {
                return;
            }
        }
        int read;
        try {
            read = endPoint.fill(BufferUtil.allocate(1)); // Jetty's buffers: empty, with room for one byte
        } catch (IOException e) {
            read = -1;
        }
        if (read == 0) {
            // woken with nothing to read (TLS records handled inside the TLS layer): wait on
            synchronized (this) {
                if (!done && endPoint.tryFillInterested(this)) {
                    return;
                }
            }
            return;
        }
        synchronized (this) {
            done = true;
        }
        endPoint.close();
    }

    @Override
    public void failed(Throwable x) {
        // stopped by close(), or the connection failed: its close listeners tell the rest
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
        }
        endPoint.getFillInterest().onFail(STOPPED);
    }
}
