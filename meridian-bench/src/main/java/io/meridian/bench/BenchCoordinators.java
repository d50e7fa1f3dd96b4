package io.meridian.bench;

import io.meridian.model.json.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Coordinator server processes for a benchmark, all on one shared store (PostgreSQL), the way they run in
 * production: fresh JVMs from this one's classpath, one config file with the store and the benchmark's token.
 * MERIDIAN_COORDINATOR_JAVA_OPTS adds JVM options ({id} becomes the node id), e.g. for a flight recording.
 */
final class BenchCoordinators implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    static BenchCoordinators start(int count, String store, String token, boolean events, Path dir)
            throws Exception {
        BenchCoordinators c = new BenchCoordinators();
        try {
            Path config = dir.resolve("meridian.yaml");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
            Files.writeString(config, """
                    store: "%s"
                    server: {rate_limit_per_token: 1000000, max_concurrent_requests: 4096}   # as the in-JVM bench server
                    auth:
                      tokens:
                        - {name: bench, scopes: [admin], sha256: "%s"}
                    events: {enabled: %s}
                    """.formatted(store, hash, events));
            for (int i = 1; i <= count; i++) {
                c.startOne("coord-" + i, config, dir);
                if (i == 1) {
                    c.awaitLeader(Duration.ofSeconds(60)); // the first one leads: the report says so
                }
            }
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    private void startOne(String id, Path config, Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED"));
        String opts = System.getenv("MERIDIAN_COORDINATOR_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.replace("{id}", id).split(" ")));
        }
        Path data = Files.createDirectories(dir.resolve(id));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.meridian.cli.Main", "server",
                "--bind", "127.0.0.1:" + port, "--node-id", id, "--config", config.toString(),
                "--data-dir", data.toString()));
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(id + ".log").toFile()).start());
        String url = "http://127.0.0.1:" + port;
        urls.add(url);
        ids.add(id);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (role(url).equals("down")) {
            if (System.nanoTime() > until || !processes.getLast().isAlive()) {
                throw new IllegalStateException("coordinator " + id + " did not start; see " + dir.resolve(id + ".log"));
            }
            Thread.sleep(100);
        }
    }

    /** All addresses, comma-separated, for clients and workers that follow the leader. */
    String addresses() {
        return String.join(",", urls);
    }

    /** The node id and address of the coordinator that leads now, if one does. */
    Optional<String> leader() {
        for (int i = 0; i < urls.size(); i++) {
            if (role(urls.get(i)).equals("leader")) {
                return Optional.of(ids.get(i) + " at " + urls.get(i));
            }
        }
        return Optional.empty();
    }

    String leaderUrl() {
        return leader().map(l -> l.substring(l.indexOf(" at ") + 4)).orElse(urls.getFirst());
    }

    /** The leading coordinator's process id (for jcmd), if one leads. */
    Optional<Long> leaderPid() {
        for (int i = 0; i < urls.size(); i++) {
            if (role(urls.get(i)).equals("leader")) {
                return Optional.of(processes.get(i).pid());
            }
        }
        return Optional.empty();
    }

    private void awaitLeader(Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (leader().isEmpty()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no coordinator took the lead within " + limit);
            }
            Thread.sleep(100);
        }
    }

    private static String role(String url) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health/state")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return Json.parse(r.body()).path("role").asString("?");
        } catch (Exception unreachable) {
            return "down";
        }
    }

    /** The coordinator processes, for their CPU time. */
    public List<ProcessHandle> handles() {
        return processes.stream().map(Process::toHandle).toList();
    }

    /** SIGTERM (a leader resigns and flushes), then SIGKILL for any that does not stop in time. */
    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
