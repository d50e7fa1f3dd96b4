package io.meridian.bench.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Recorder;

/**
 * One reader of {@code /v1/events/stream} on a virtual thread: counts the events it reads and records each one's
 * lag (from {@code emitted_nanos} in its data to its read) in microseconds; notes the close reason if dropped.
 */
final class SseSubscriber {
    private static final String MARK = "\"emitted_nanos\":";

    final AtomicLong received = new AtomicLong();
    final Recorder lagMicros = new Recorder(3);
    volatile String closeReason;
    private volatile Stream<String> lines;
    private final Thread thread;

    SseSubscriber(HttpClient http, String url, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/events/stream"))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the event stream answered " + response.statusCode());
        }
        lines = response.body();
        thread = Thread.ofVirtual().name("bench-sse").start(this::read);
    }

    private void read() {
        boolean closing = false;
        try {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event: closed")) {
                    closing = true;
                } else if (line.startsWith("data:")) {
                    if (closing) {
                        closeReason = line.substring(5).strip();
                        return;
                    }
                    int at = line.indexOf(MARK);
                    if (at >= 0) {
                        int from = at + MARK.length();
                        int to = from;
                        while (to < line.length() && Character.isDigit(line.charAt(to))) {
                            to++;
                        }
                        long lag = System.nanoTime() - Long.parseLong(line, from, to, 10);
                        lagMicros.recordValue(Math.max(0, lag / 1000));
                    }
                    received.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            if (closeReason == null) {
                closeReason = "connection ended: " + e;
            }
        }
    }

    void close() {
        lines.close();
        thread.interrupt();
    }
}
