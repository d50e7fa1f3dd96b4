package io.meridian.bench.events;

import io.meridian.cli.command.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meridian bench-slow-subscribers}: N readers of {@code /v1/events/stream} that never read (raw sockets whose
 * receive buffers fill) while events commit. The server's heap after a full collection is sampled every second: it
 * must stay bounded, not grow with the events the readers did not take. At the end each socket is drained to see
 * how the server ended its stream (the close reason of a dropped reader).
 */
@Command(name = "bench-slow-subscribers", mixinStandardHelpOptions = true,
        description = {"Memory per slow subscriber: N event-stream readers that never read while events commit; "
                + "prints the heap (after GC) over time, the heap per subscriber, and how each stream ended.",
                "Example: meridian bench-slow-subscribers --subscribers 200 --rate 10000 --seconds 20"})
public final class SlowSubscribersBenchCommand implements Callable<Integer> {
    @Option(names = "--subscribers", defaultValue = "200", description = "Slow readers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--rate", defaultValue = "10000", description = "Target events/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds of events (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (subscribers < 1 || rate < 1 || seconds < 1) {
            throw new IllegalArgumentException("--subscribers, --rate and --seconds must be 1 or more");
        }
        System.out.printf("Slow subscribers: %d readers that never read, %,d events/s for %d s; %s%n", subscribers,
                rate, seconds, EventBenchServer.machine());
        List<Socket> sockets = new ArrayList<>();
        try (EventBenchServer bench = new EventBenchServer()) {
            long baseline = EventBenchServer.heapAfterGc();
            URI uri = URI.create(bench.url());
            for (int i = 0; i < subscribers; i++) {
                Socket s = new Socket(uri.getHost(), uri.getPort());
                s.setReceiveBufferSize(16 * 1024); // a small window: the reader is slow from the first events
                s.getOutputStream().write(("GET /v1/events/stream HTTP/1.1\r\nHost: " + uri.getAuthority()
                        + "\r\nAuthorization: Bearer " + bench.token + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                sockets.add(s);
            }
            long connected = EventBenchServer.heapAfterGc();
            System.out.printf("  heap after GC: %,.1f MB before the readers, %,.1f MB with them connected%n",
                    baseline / 1e6, connected / 1e6);
            bench.produce(rate, 1000);
            long peak = 0;
            for (int s = 1; s <= seconds; s++) {
                Thread.sleep(1000);
                if (s % Math.max(1, seconds / 10) == 0 || s == seconds) {
                    long heap = EventBenchServer.heapAfterGc();
                    peak = Math.max(peak, heap);
                    System.out.printf("  after %3d s: %,9d events committed, heap after GC %,.1f MB%n", s,
                            bench.produced.get(), heap / 1e6);
                }
            }
            bench.stopProducing();
            System.out.printf("  peak heap after GC %,.1f MB: %,.1f KB per slow subscriber above the connected "
                    + "baseline, for %,d events they did not take%n", peak / 1e6,
                    Math.max(0, peak - connected) / 1e3 / subscribers, bench.produced.get());
            Map<String, Integer> endings = new LinkedHashMap<>();
            for (Socket s : sockets) {
                endings.merge(ending(s), 1, Integer::sum);
            }
            endings.forEach((how, count) -> System.out.printf("  %d stream(s): %s%n", count, how));
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        return ExitCode.OK;
    }

    /** Reads what the server sent (the reader finally reads) and says how its stream ended. */
    private static String ending(Socket s) throws Exception {
        s.setSoTimeout(3000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                tail.write(buffer, 0, n);
                if (tail.size() > 1 << 20) { // keep the end only
                    byte[] keep = java.util.Arrays.copyOfRange(tail.toByteArray(), tail.size() - 4096, tail.size());
                    tail.reset();
                    tail.write(keep);
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return "still open after the readers drained it (not dropped)";
        }
        String text = tail.toString(StandardCharsets.UTF_8);
        int closed = text.lastIndexOf("event: closed");
        if (closed < 0) {
            return "connection closed by the server without a reason line";
        }
        String rest = text.substring(closed);
        int data = rest.indexOf("data:");
        String reason = data < 0 ? rest : rest.substring(data + 5, rest.indexOf('\n', data) < 0 ? rest.length()
                : rest.indexOf('\n', data)).strip();
        return "dropped, closed with " + reason.replaceAll("\\d+ events behind", "N events behind");
    }
}
