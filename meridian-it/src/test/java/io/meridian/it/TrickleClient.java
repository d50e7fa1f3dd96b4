package io.meridian.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A slow client on a raw socket: it announces a large request body and sends it one byte at a time, often
 * enough that no idle timeout fires, so without a body-read bound it would hold its request slot for minutes.
 */
final class TrickleClient implements AutoCloseable {
    private final Socket socket;
    private final Thread trickler;

    TrickleClient(int port, String path, String token, Duration every) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"type\": \"noop\", \"x\": \"")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        trickler = Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(every);
                    out.write('x');
                    out.flush();
                }
            } catch (IOException | InterruptedException closed) {
                // the server cut it off, or the test closed it
            }
        });
    }

    @Override
    public void close() throws IOException {
        trickler.interrupt();
        socket.close();
    }
}
