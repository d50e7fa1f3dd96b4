package io.meridian.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request body whole, within a size limit and a deadline: 413 once it passes the limit (never buffered
 * whole first), 408 when it has not all arrived by the deadline or the connection stalls past its idle timeout.
 * Either way the answer asks for the connection to be closed, since the rest of the body is never read.
 */
final class BodyReader {
    private static final long INITIAL_BUFFER = 64 * 1024;
    private final Request request;
    private final long maxBytes;
    private final Duration timeout;
    private final long deadlineNanos;

    /** The deadline counts from the end of the request's headers. */
    BodyReader(Request request, long maxBytes, Duration timeout) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.deadlineNanos = request.getHeadersNanoTime() + timeout.toNanos();
    }

    byte[] read() throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // The buffer grows as bytes arrive (up to the limit), not to the declared length up front: a client that
        // announces a large body and sends nothing must not make the server allocate it.
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.clamp(declared, 1024, INITIAL_BUFFER));
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                awaitContent();
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                throw failed(chunk.getFailure());
            }
            try {
                copy(chunk.getByteBuffer(), out);
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                return out.toByteArray();
            }
        }
    }

    /**
     * Reads and drops what is left of an HTTP/2 request's body (at most {@code maxBytes}, for at most
     * {@code patience}) before an answer that did not need it. Jetty resets an HTTP/2 stream whose body was
     * left unread when the answer is sent, and a client may then report the reset instead of the answer (the
     * JDK's client does, for a 401 or 403 sent while it still uploads). HTTP/1.1 needs nothing: Jetty reads the
     * rest itself, or closes the connection.
     */
    static void discardRest(Request request, long maxBytes, Duration patience) {
        if (request.getConnectionMetaData().getHttpVersion().getVersion() < 20) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        long seen = 0;
        while (seen <= maxBytes) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                CountDownLatch ready = new CountDownLatch(1);
                request.demand(Invocable.from(Invocable.InvocationType.NON_BLOCKING, ready::countDown));
                try {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !ready.await(left, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            seen += chunk.remaining();
            chunk.release();
            if (chunk.isLast() || Content.Chunk.isFailure(chunk)) {
                return;
            }
        }
    }

    private void copy(ByteBuffer data, ByteArrayOutputStream out) {
        if (out.size() + (long) data.remaining() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        out.writeBytes(bytes);
    }

    private void awaitContent() throws IOException {
        CountDownLatch ready = new CountDownLatch(1);
        request.demand(Invocable.from(Invocable.InvocationType.NON_BLOCKING, ready::countDown));
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left <= 0 || !ready.await(left, TimeUnit.NANOSECONDS)) {
                throw tooSlow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the request body");
        }
    }

    private RuntimeException failed(Throwable failure) throws IOException {
        if (failure instanceof TimeoutException) {
            // the connection's idle timeout passed with the body unfinished: the client stalled
            return tooSlow();
        }
        throw failure instanceof IOException io ? io : new IOException(failure);
    }

    /** One error for both checks: the declared length before reading, and the bytes counted while reading. */
    static ApiError tooLarge(long maxBytes) {
        return new ApiError(413, "payload_too_large", "request body over the " + maxBytes
                + "-byte limit (server.max_body_bytes)").closingConnection();
    }

    private ApiError tooSlow() {
        return new ApiError(408, "request_timeout", "the request body did not arrive within "
                + timeout.toMillis() + " ms (server.body_read_timeout_millis); send it faster or in smaller parts")
                .closingConnection();
    }
}
