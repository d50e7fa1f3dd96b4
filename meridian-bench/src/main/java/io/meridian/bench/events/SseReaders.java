package io.meridian.bench.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The readers of {@code meridian bench-sse}, in a JVM of their own (started by the benchmark), so that parsing a
 * million events a second does not run inside the server's JVM. Holds N streams of {@code /v1/events/stream} over
 * plain sockets (HTTP/1.0: the stream is the rest of the connection, no chunk framing), counts the events each
 * reads and records each event's lag: {@code emitted_nanos} in its data against this JVM's {@link System#nanoTime}
 * (the same monotonic clock on Linux for every process of the machine).
 *
 * <p>Talks to the benchmark over its standard streams, a line each: it prints {@code connected} once every stream
 * answered; {@code mark} (from the benchmark) starts the measured window (counts noted, lags reset; answers
 * {@code marked}); {@code report} prints one {@code subscriber I RECEIVED LAST_SEQUENCE P50_MICROS P99_MICROS
 * MAX_MICROS CLOSE_REASON} line per stream, counting from the mark, then {@code cpu NANOS} (the CPU time this JVM
 * used since the mark) and {@code end}, and exits.
 */
public final class SseReaders {

    private SseReaders() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        int count = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<Reader> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readers.add(new Reader(port, token));
        }
        out.println("connected");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long[] marked = new long[count];
        long cpuAtMark = 0;
        for (String line; (line = commands.readLine()) != null; ) {
            if (line.equals("mark")) {
                for (int i = 0; i < count; i++) {
                    marked[i] = readers.get(i).received.get();
                    readers.get(i).lagMicros.reset();
                }
                cpuAtMark = processCpuNanos();
                out.println("marked");
            } else if (line.equals("report")) {
                for (int i = 0; i < count; i++) {
                    Reader r = readers.get(i);
                    var lag = r.lagMicros.getIntervalHistogram();
                    out.printf("subscriber %d %d %d %d %d %d %s%n", i, r.received.get() - marked[i], r.lastSequence,
                            lag.getValueAtPercentile(50), lag.getValueAtPercentile(99), lag.getMaxValue(),
                            r.closeReason == null ? "-" : r.closeReason.replace('\n', ' '));
                }
                out.printf("cpu %d%n", processCpuNanos() - cpuAtMark);
                out.println("end");
                readers.forEach(Reader::close);
                return;
            }
        }
        readers.forEach(Reader::close);
    }

    /** CPU time this JVM used so far, all its threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * One stream, read on its own virtual thread into a large buffer that is scanned in place for line ends: no
     * line is copied and nothing is decoded that is not needed (the id, the lag mark, a close reason), so the
     * readers' JVM measures the server rather than itself.
     */
    static final class Reader {
        /** Large reads: a page of events (up to 500 frames, ~200 KB) in a few calls instead of dozens. */
        private static final int BUFFER = 256 * 1024;
        private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CLOSED = "event: closed".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] MARK = "\"emitted_nanos\":".getBytes(StandardCharsets.US_ASCII);

        /** Events read so far, published once per read (one reader thread writes it). */
        final AtomicLong received = new AtomicLong();
        final Recorder lagMicros = new Recorder(3);
        volatile long lastSequence;
        volatile String closeReason;
        private final Socket socket = new Socket();
        private byte[] buffer = new byte[BUFFER];
        private long count;
        private boolean closing;

        Reader(int port, String token) throws IOException {
            socket.setReceiveBufferSize(BUFFER);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream request = socket.getOutputStream();
            request.write(("GET /v1/events/stream HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            InputStream in = socket.getInputStream();
            String status = head(in);
            if (!status.contains(" 200 ")) {
                throw new IOException("the event stream answered " + status);
            }
            Thread.ofVirtual().name("bench-sse-reader").start(() -> read(in));
        }

        private static String head(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed before the answer's headers: " + head);
                }
                head.append((char) b);
            }
            return head.substring(0, head.indexOf("\r\n"));
        }

        private void read(InputStream in) {
            int filled = 0; // buffer[0, filled): bytes read, the first of them the start of an unfinished line
            try {
                for (int n; (n = in.read(buffer, filled, buffer.length - filled)) > 0; ) {
                    int end = filled + n;
                    int lineStart = 0;
                    for (int i = filled; i < end; i++) {
                        if (buffer[i] == '\n') {
                            line(lineStart, i);
                            lineStart = i + 1;
                        }
                    }
                    received.setRelease(count);
                    if (closeReason != null) {
                        return;
                    }
                    filled = end - lineStart;
                    System.arraycopy(buffer, lineStart, buffer, 0, filled); // the unfinished line, to the front
                    if (filled == buffer.length) { // one line longer than the buffer: grow it
                        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                    }
                }
                closeReason = closeReason == null ? "connection ended by the server" : closeReason;
            } catch (IOException e) {
                if (closeReason == null) {
                    closeReason = "connection failed: " + e;
                }
            }
        }

        /** The line buffer[from, to), without its end. */
        private void line(int from, int to) {
            if (to == from) {
                return;
            }
            byte first = buffer[from];
            if (first == 'i' && startsWith(ID, from, to)) {
                lastSequence = parseLong(from + ID.length, to);
                count++;
            } else if (first == 'd' && startsWith(DATA, from, to)) {
                if (closing) {
                    closeReason = new String(buffer, from + DATA.length, to - from - DATA.length,
                            StandardCharsets.UTF_8);
                    return;
                }
                int at = indexOf(MARK, from, to);
                if (at >= 0) {
                    long lag = System.nanoTime() - parseLong(at + MARK.length, to);
                    lagMicros.recordValue(Math.max(0, lag / 1000));
                }
            } else if (first == 'e' && startsWith(CLOSED, from, to)) {
                closing = true;
            }
        }

        private boolean startsWith(byte[] prefix, int from, int to) {
            if (to - from < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (buffer[from + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Where {@code what} starts in buffer[from, to), or -1: a scan for its first byte, compared only there. */
        private int indexOf(byte[] what, int from, int to) {
            byte first = what[0];
            for (int i = from; i + what.length <= to; i++) {
                if (buffer[i] == first && startsWith(what, i, to)) {
                    return i;
                }
            }
            return -1;
        }

        /** The digits at buffer[from, to), up to the first that is not one. */
        private long parseLong(int from, int to) {
            long v = 0;
            for (int i = from; i < to && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
                v = v * 10 + (buffer[i] - '0');
            }
            return v;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
    }
}
