package io.meridian.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Timed calls to a coordinator for the overload scenarios, and the latency figures they print. */
final class EdgeProbe {
    /** Longer than the longest long poll (server.max_wait_millis, 30 s by default). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    EdgeProbe(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** One answer and how long it took. */
    record Timed(int status, String body, String retryAfter, long nanos) {}

    Timed call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (path.equals("/v1/workers") && r.statusCode() == 201) {
            // remember the registration's session secret: exchanges without it are not the worker's own
            var session = io.meridian.model.json.Json.parse(r.body());
            SECRETS.put(session.path("worker_id").asString(), session.path("session_secret").asString());
        }
        return new Timed(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null),
                System.nanoTime() - start);
    }

    /**
     * Waits until the coordinator leads: a freshly started one answers /health/ready as a follower for a moment
     * (election under way), and refuses writes with 503 not_leader meanwhile.
     */
    void awaitLeader() {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> call("GET", "/health/state", null).body().contains("\"role\":\"leader\""));
    }

    /** Requests of a class being handled now ({@code client}, {@code worker}, {@code health}, {@code long_poll}). */
    int inFlight(String requestClass) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("meridian_http_in_flight\\{class=\"" + requestClass + "\"} ([0-9.]+)")
                .matcher(call("GET", "/metrics", null).body());
        return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    }

    static String registration(String id, String capability) {
        return """
                {"worker_id": "%s", "incarnation": "i1", "host": "h", "pid": 1, "capabilities": ["%s"], "cores": 2,
                 "memory_mb": 1024, "gpus": 0, "max_concurrency": 1, "region": null, "cost_per_hour": 0,
                 "labels": {}, "version": "t"}""".formatted(id, capability);
    }

    /** Session secrets of the workers registered through any probe, by worker id. */
    private static final java.util.Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    static String exchange(String id, int want, long waitMillis) {
        return """
                {"worker_id": "%s", "incarnation": "i1", "reports": [], "held": [], "want_jobs": %d,
                 "wait_millis": %d, "active_jobs": 0, "session_secret": "%s"}"""
                .formatted(id, want, waitMillis, SECRETS.getOrDefault(id, ""));
    }

    /** Latency samples, summarised as percentiles in milliseconds. */
    static final class Latencies {
        private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

        void add(long n) {
            nanos.add(n);
        }

        int count() {
            return nanos.size();
        }

        String summary() {
            List<Long> sorted;
            synchronized (nanos) {
                sorted = new ArrayList<>(nanos);
            }
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return "n=0";
            }
            return "p50=" + ms(sorted, 0.50) + "ms p99=" + ms(sorted, 0.99) + "ms max="
                    + ms(sorted, 1.0) + "ms n=" + sorted.size();
        }

        private static String ms(List<Long> sorted, double q) {
            int i = Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1);
            return String.format("%.1f", sorted.get(Math.max(0, i)) / 1e6);
        }
    }
}
