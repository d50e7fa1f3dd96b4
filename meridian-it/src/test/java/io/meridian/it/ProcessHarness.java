package io.meridian.it;

import static org.awaitility.Awaitility.await;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Starts real coordinator and worker processes (the CLI in fresh JVMs) on 127.0.0.1 and stops them all at the
 * end. Tests kill them with SIGKILL or freeze them with SIGSTOP through {@link Process#pid()}.
 */
final class ProcessHarness implements AutoCloseable {
    private static final Map<String, MeridianClient> CLIENTS = new ConcurrentHashMap<>();
    /**
     * How long a coordinator may take to answer /health/ready. A bound on the wait, not a claim about start-up
     * (scripts/bench-startup measures that): at a load average of 40 on 2 cores servers took over 60 s, and the
     * classes failed before testing anything.
     */
    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    final Path dir;
    private final List<CliProcess> started = new ArrayList<>();

    ProcessHarness(Path dir) {
        this.dir = dir;
    }

    /** A coordinator server on a free port with its data directory under {@code dir/name}. */
    Server server(String name, String... extraArgs) throws Exception {
        return server(name, java.util.Map.of(), extraArgs);
    }

    /** As {@link #server(String, String...)} with environment variables (OTEL_* settings, say). */
    Server server(String name, java.util.Map<String, String> env, String... extraArgs) throws Exception {
        int port = FreePort.find();
        Path data = dir.resolve(name);
        Files.createDirectories(data);
        List<String> args = new ArrayList<>(List.of("server", "--bind", "127.0.0.1:" + port, "--data-dir", data.toString()));
        args.addAll(List.of(extraArgs));
        CliProcess p = CliProcess.start(dir, env, args.toArray(String[]::new));
        started.add(p);
        String url = "http://127.0.0.1:" + port;
        // Alone on its store it leads; until it does, /health/ready answers as a follower (ready to redirect).
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> ready(url, p, "leader"));
        return new Server(p, url, data, Files.readString(data.resolve("admin.token")).strip());
    }

    /**
     * A coordinator whose tokens come from the shared config file in {@code dir} (several coordinators on one
     * store must accept the same tokens), so no admin token is generated.
     */
    Server peer(String name, String token, String... extraArgs) throws Exception {
        return peer(name, token, java.util.Map.of(), extraArgs);
    }

    /** As {@link #peer(String, String, String...)} with environment variables (MERIDIAN_JAVA_OPTS, say). */
    Server peer(String name, String token, java.util.Map<String, String> env, String... extraArgs) throws Exception {
        return startPeer(name, token, env, extraArgs).awaitReady();
    }

    /**
     * Several peers started together, then awaited: a start is mostly a JVM loading classes and waiting on its
     * store, so starting them one after the other only added up the waits.
     */
    List<Server> peers(String token, List<String> names) throws Exception {
        List<StartingPeer> starting = new ArrayList<>();
        for (String name : names) {
            starting.add(startPeer(name, token, java.util.Map.of()));
        }
        List<Server> servers = new ArrayList<>();
        for (StartingPeer peer : starting) {
            servers.add(peer.awaitReady());
        }
        return servers;
    }

    private StartingPeer startPeer(String name, String token, java.util.Map<String, String> env, String... extraArgs)
            throws Exception {
        int port = FreePort.find();
        Path data = dir.resolve(name);
        Files.createDirectories(data);
        List<String> args = new ArrayList<>(List.of("server", "--bind", "127.0.0.1:" + port, "--data-dir",
                data.toString(), "--node-id", name));
        args.addAll(List.of(extraArgs));
        CliProcess p = CliProcess.start(dir, env, args.toArray(String[]::new));
        started.add(p);
        return new StartingPeer(new Server(p, "http://127.0.0.1:" + port, data, token));
    }

    /** A peer whose process is started; ready once it answers /health/ready, in either role. */
    private record StartingPeer(Server server) {
        Server awaitReady() {
            await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> ready(server.url(), server.process(), null));
            return server;
        }
    }

    /** A worker that knows several coordinator addresses (comma-separated) and follows the leader among them. */
    CliProcess worker(String coordinators, String token, String id, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker", "--coordinator", coordinators, "--token", token,
                "--id", id, "--data-dir", dir.resolve("worker-" + id).toString()));
        args.addAll(List.of(extraArgs));
        CliProcess p = CliProcess.start(dir, args.toArray(String[]::new));
        started.add(p);
        return p;
    }

    CliProcess worker(Server server, String id, String... extraArgs) throws IOException {
        return worker(server, id, java.util.Map.of(), extraArgs);
    }

    /** As {@link #worker(Server, String, String...)} with environment variables. */
    CliProcess worker(Server server, String id, java.util.Map<String, String> env, String... extraArgs)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("worker", "--coordinator", server.url(), "--token", server.token(),
                "--id", id, "--data-dir", dir.resolve("worker-" + id).toString()));
        args.addAll(List.of(extraArgs));
        CliProcess p = CliProcess.start(dir, env, args.toArray(String[]::new));
        started.add(p);
        return p;
    }

    CliProcess.Result cli(Server server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--coordinator", server.url(), "--token", server.token()));
        return CliProcess.run(dir, all.toArray(String[]::new));
    }

    /**
     * An execution's document as {@code meridian status ID --json} prints it (the same client, the same JSON), read
     * in this JVM: a wait that asked a CLI process each time would keep a core busy starting JVMs. While no
     * coordinator answers (a takeover under way) it is a missing node, so a wait simply looks again.
     */
    static JsonNode execution(String coordinators, String token, String id) {
        MeridianClient client = CLIENTS.computeIfAbsent(coordinators + " " + token,
                k -> new MeridianClient(CoordinatorAddresses.parse(coordinators), token, Duration.ofSeconds(5)));
        try {
            return Json.toTree(client.execution(id));
        } catch (RuntimeException notNow) {
            return MissingNode.getInstance();
        }
    }

    static JsonNode execution(Server server, String id) {
        return execution(server.url(), server.token(), id);
    }

    /** The registered workers as {@code GET /v1/workers} lists them (the JSON text). */
    static String workers(Server server) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(server.url() + "/v1/workers").toURL().openConnection();
        c.setRequestProperty("Authorization", "Bearer " + server.token());
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Whether the server answers {@code /health/ready} with 200 and, when {@code role} is given, in that role. */
    private static boolean ready(String url, CliProcess p, String role) throws IOException {
        if (!p.process.isAlive()) {
            throw new AssertionError("server exited early:\n" + p.stderrSoFar());
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            try (var in = c.getInputStream()) { // any status but 2xx throws: not ready yet
                return role == null || new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains("\"role\":\"" + role + "\"");
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    static void signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        for (CliProcess p : started) {
            p.process.destroyForcibly();
        }
    }

    record Server(CliProcess process, String url, Path dataDir, String token) {}
}
