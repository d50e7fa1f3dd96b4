package io.meridian.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client that opens the connection and then reads nothing, with a small receive buffer: the server's
 * messages pile up as they would for a stalled reader. {@link #closeReason} reads everything afterwards, up to the
 * server's close frame.
 */
final class StalledWebSocket implements AutoCloseable {
    record Close(int code, String reason) {}

    private final Socket socket = new Socket();
    private final InputStream in;

    StalledWebSocket(int port, String path, String token) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        String key = Base64.getEncoder().encodeToString("meridian-stalled".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = socket.getInputStream();
        String status = readHeaders();
        if (!status.contains(" 101 ")) {
            throw new IOException("upgrade refused: " + status);
        }
    }

    private String readHeaders() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Reads (and skips) every frame up to the close frame; its code and reason. */
    Close closeReason() throws IOException {
        socket.setSoTimeout(60_000);
        DataInputStream data = new DataInputStream(in);
        while (true) {
            int first = data.readUnsignedByte();
            int second = data.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = data.readUnsignedShort();
            } else if (length == 127) {
                length = data.readLong();
            }
            byte[] payload = data.readNBytes((int) length);
            if ((first & 0x0F) == 0x8) {
                int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                String reason = payload.length > 2
                        ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                return new Close(code, reason);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
