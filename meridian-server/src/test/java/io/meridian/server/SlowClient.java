package io.meridian.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A raw TCP client that misbehaves on purpose: partial headers, bodies sent a few bytes at a time. */
final class SlowClient implements AutoCloseable {
    private final Socket socket;

    SlowClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
    }

    /** Sends the headers of a POST announcing {@code length} body bytes, and {@code firstBytes} of the body. */
    static SlowClient slowPost(int port, String path, String token, int length, String firstBytes)
            throws IOException {
        SlowClient c = new SlowClient(port);
        c.send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n" + firstBytes);
        return c;
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Sends {@code text}; false once the server has closed the connection. */
    boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** The first bytes the server sends, or null if nothing arrives within {@code patience}. */
    String readSome(Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        byte[] buffer = new byte[4096];
        try {
            int n = socket.getInputStream().read(buffer);
            return n < 0 ? null : new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (SocketTimeoutException nothingYet) {
            return null;
        }
    }

    /**
     * Everything the server sends until it closes the connection, or null if it is still open after
     * {@code patience}.
     */
    String readUntilClosed(Duration patience) throws IOException {
        socket.setSoTimeout((int) patience.toMillis());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            return null;
        } catch (SocketException reset) {
            // a reset after the answer still counts as closed
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
