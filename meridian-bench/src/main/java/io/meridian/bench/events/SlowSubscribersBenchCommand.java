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
    /** Streams drained at the end to see how they ended (each may take seconds). */
    private static final int SAMPLED = 10;

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
        // the in-memory store keeps every event on the heap too: the same run without readers is the baseline
        System.out.println(" without readers (baseline: the store's events):");
        long[] base = run(0);
        System.out.printf(" with %d readers that never read:%n", subscribers);
        long[] slow = run(subscribers);
        // the store's share of the heap grows with the events committed, and the two runs commit different numbers:
        // compare with the baseline's heap for as many events (its growth per event, scaled)
        double storePerEvent = (double) Math.max(0, base[0] - base[2]) / Math.max(1, base[1]);
        double expected = slow[2] + storePerEvent * slow[1];
        System.out.printf("  heap after GC at the end: %,.1f MB; the store alone would hold about %,.1f MB for %,d"
                        + " events (baseline: %,.2f KB per event); so about %,.1f KB per slow subscriber%n",
                slow[0] / 1e6, expected / 1e6, slow[1], storePerEvent / 1e3,
                Math.max(0, slow[0] - expected) / 1e3 / subscribers);
        return ExitCode.OK;
    }

    /** Heap after GC at the end, events committed, and heap after GC at the start, with {@code readers} readers. */
    private long[] run(int readers) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (EventBenchServer bench = new EventBenchServer()) {
            long start = EventBenchServer.heapAfterGc();
            URI uri = URI.create(bench.url());
            for (int i = 0; i < readers; i++) {
                Socket s = new Socket(uri.getHost(), uri.getPort());
                s.setReceiveBufferSize(16 * 1024); // a small window: the reader is slow from the first events
                s.getOutputStream().write(("GET /v1/events/stream HTTP/1.1\r\nHost: " + uri.getAuthority()
                        + "\r\nAuthorization: Bearer " + bench.token + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                sockets.add(s);
            }
            bench.produce(rate, 1000);
            long heap = start;
            for (int s = 1; s <= seconds; s++) {
                Thread.sleep(1000);
                if (s % Math.max(1, seconds / 5) == 0 || s == seconds) {
                    heap = EventBenchServer.heapAfterGc();
                    System.out.printf("  after %3d s: %,9d events committed, heap after GC %,.1f MB%n", s,
                            bench.produced.get(), heap / 1e6);
                }
            }
            bench.stopProducing();
            Map<String, Integer> endings = new LinkedHashMap<>();
            for (Socket s : sockets.subList(0, Math.min(SAMPLED, sockets.size()))) {
                endings.merge(ending(s), 1, Integer::sum);
            }
            endings.forEach((how, count) -> System.out.printf("  %d of %d sampled stream(s): %s%n", count,
                    Math.min(SAMPLED, sockets.size()), how));
            for (Socket s : sockets) {
                s.close(); // before the server stops: it waits for open streams
            }
            return new long[] {heap, bench.produced.get(), start};
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** Reads what the server sent (the reader finally reads) and says how its stream ended. */
    private static String ending(Socket s) throws Exception {
        s.setSoTimeout(3000);
        long deadline = System.nanoTime() + 10_000_000_000L;
        InputStream in = s.getInputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (System.nanoTime() > deadline) {
                    return "still sending after 10 s of draining (not dropped)";
                }
                tail.write(buffer, 0, n);
                if (tail.size() > 1 << 20) { // keep the end only
                    byte[] keep = java.util.Arrays.copyOfRange(tail.toByteArray(), tail.size() - 4096, tail.size());
                    tail.reset();
                    tail.write(keep);
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return "still open after the readers drained it (not dropped)";
        } catch (java.io.IOException reset) {
            // the server closed with our unread bytes in its buffers: the socket is reset; what was read says why
            if (!tail.toString(StandardCharsets.UTF_8).contains("event: closed")) {
                return "connection reset by the server (" + reset.getMessage() + ") before a reason line was read";
            }
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
