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

    /** One stream, read on its own virtual thread: bytes scanned for lines, nothing decoded that is not needed. */
    static final class Reader {
        private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CLOSED = "event: closed".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] MARK = "\"emitted_nanos\":".getBytes(StandardCharsets.US_ASCII);

        final AtomicLong received = new AtomicLong();
        final Recorder lagMicros = new Recorder(3);
        volatile long lastSequence;
        volatile String closeReason;
        private final Socket socket = new Socket();
        private byte[] line = new byte[1024];
        private int length;
        private boolean closing;

        Reader(int port, String token) throws IOException {
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
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (b == '\n') {
                            line();
                            length = 0;
                        } else {
                            if (length == line.length) {
                                line = java.util.Arrays.copyOf(line, line.length * 2);
                            }
                            line[length++] = b;
                        }
                    }
                    if (closeReason != null) {
                        return;
                    }
                }
                closeReason = closeReason == null ? "connection ended by the server" : closeReason;
            } catch (IOException e) {
                if (closeReason == null) {
                    closeReason = "connection failed: " + e;
                }
            }
        }

        private void line() {
            if (startsWith(ID)) {
                lastSequence = parseLong(ID.length, length);
                received.incrementAndGet();
            } else if (startsWith(CLOSED)) {
                closing = true;
            } else if (startsWith(DATA)) {
                if (closing) {
                    closeReason = new String(line, DATA.length, length - DATA.length, StandardCharsets.UTF_8);
                    return;
                }
                int at = indexOf(MARK);
                if (at >= 0) {
                    int from = at + MARK.length;
                    int to = from;
                    while (to < length && line[to] >= '0' && line[to] <= '9') {
                        to++;
                    }
                    long lag = System.nanoTime() - parseLong(from, to);
                    lagMicros.recordValue(Math.max(0, lag / 1000));
                }
            }
        }

        private boolean startsWith(byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (line[i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private int indexOf(byte[] what) {
            outer:
            for (int i = 0; i + what.length <= length; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (line[i + j] != what[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private long parseLong(int from, int to) {
            long v = 0;
            for (int i = from; i < to && line[i] >= '0' && line[i] <= '9'; i++) {
                v = v * 10 + (line[i] - '0');
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
