package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/**
 * Several coordinator processes on one fresh PostgreSQL schema, all accepting one admin token from the shared
 * config file: the set-up the multi-coordinator failover tests start from. The first coordinator is seen leading
 * before the others start, so {@code servers.getFirst()} is the leader a test kills or freezes. The followers start
 * together: each start is mostly a JVM waiting on its own class loading and its first store round trips.
 */
final class PostgresCoordinators implements AutoCloseable {
    static final String TOKEN = "it-admin-token-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final TestPostgres pg;
    final ProcessHarness harness;
    final List<ProcessHarness.Server> servers;
    /** All coordinators' URLs, comma-separated, as workers and the CLI are given them. */
    final String addresses;

    private PostgresCoordinators(TestPostgres pg, ProcessHarness harness, List<ProcessHarness.Server> servers) {
        this.pg = pg;
        this.harness = harness;
        this.servers = servers;
        this.addresses = servers.stream().map(ProcessHarness.Server::url).collect(Collectors.joining(","));
    }

    /**
     * {@code count} coordinators named coord-a, coord-b, ... with their data under {@code dir}; {@code extraYaml}
     * (top-level keys, may be empty) is appended to the config file after the store and the token.
     */
    static PostgresCoordinators start(Path dir, int count, String extraYaml) throws Exception {
        TestPostgres pg = TestPostgres.requireOrSkip();
        ProcessHarness harness = new ProcessHarness(dir);
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes()));
            Files.writeString(dir.resolve("meridian.yaml"), """
                    store: "%s"
                    auth:
                      tokens:
                        - {name: it, scopes: [admin], sha256: "%s"}
                    """.formatted(pg.location(), hash) + extraYaml);
            List<String> names = IntStream.range(0, count).mapToObj(i -> "coord-" + (char) ('a' + i)).toList();
            var first = harness.peer(names.getFirst(), TOKEN);
            await().atMost(Duration.ofSeconds(30)).until(() -> role(first).equals("leader"));
            List<ProcessHarness.Server> servers = new ArrayList<>(List.of(first));
            servers.addAll(harness.peers(TOKEN, names.subList(1, count)));
            return new PostgresCoordinators(pg, harness, List.copyOf(servers));
        } catch (Exception | AssertionError e) {
            harness.close();
            try {
                pg.close();
            } catch (java.sql.SQLException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
    }

    /** A worker that knows every coordinator's address and follows the leader among them. */
    CliProcess worker(String id, String... extraArgs) throws Exception {
        return harness.worker(addresses, TOKEN, id, extraArgs);
    }

    /** The other coordinators' new leader once the first was killed or frozen (waited for, at most 30 s). */
    ProcessHarness.Server awaitLeaderAfterTheFirst() {
        List<ProcessHarness.Server> rest = servers.subList(1, servers.size());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> leader(rest).isPresent());
        return leader(rest).orElseThrow(() -> new AssertionError("a leader among " + rest + " stepped down at once"));
    }

    /** The coordinator's role from {@code /health/state}, or "down" when it does not answer. */
    static String role(ProcessHarness.Server s) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + "/health/state"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return Json.parse(r.body()).path("role").asString("?");
        } catch (Exception unreachable) {
            return "down";
        }
    }

    static Optional<ProcessHarness.Server> leader(List<ProcessHarness.Server> among) {
        return among.stream().filter(s -> role(s).equals("leader")).findFirst();
    }

    /** Every event matching {@code filter} (query parameters, each starting with '&'), page after page. */
    static List<JsonNode> events(ProcessHarness.Server leader, String filter) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(leader.url() + "/v1/events?limit=1000&after=" + after
                    + filter)).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = Json.parse(r.body());
            page.path("events").forEach(all::add);
            if (page.path("events").isEmpty()) {
                return all;
            }
            after = page.path("next").asLong();
        }
    }

    /**
     * Submits a fan-out of {@code items} ledger jobs of {@code millis} each and a gather stage, every run written
     * to {@code dir/ledger.txt}; returns the execution id.
     */
    String submitFanOut(Path dir, int items, int millis) throws Exception {
        return submitFanOut(dir, addresses, TOKEN, items, millis);
    }

    /** {@link #submitFanOut(Path, int, int)} to any coordinators: other PostgreSQL ITs submit the same pipeline. */
    static String submitFanOut(Path dir, String addresses, String token, int items, int millis) throws Exception {
        Path ledger = dir.resolve("ledger.txt");
        Path file = dir.resolve("fanout.yaml");
        Files.writeString(file, """
                id: fanout
                stages:
                  - id: work
                    type: ledger
                    foreach: "{{input.items}}"
                    config: {ledger: "%1$s", millis: %2$d}
                  - id: gather
                    type: ledger
                    depends_on: [work]
                    config: {ledger: "%1$s", millis: 1}
                """.formatted(ledger, millis));
        String list = IntStream.range(0, items).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Files.writeString(dir.resolve("inputs.json"), "{\"items\": [" + list + "]}");
        var r = CliProcess.run(dir, "submit", file.toString(), "--input-file", dir.resolve("inputs.json").toString(),
                "--coordinator", addresses, "--token", token);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    @Override
    public void close() throws Exception {
        try {
            harness.close();
        } finally {
            pg.close();
        }
    }
}
