package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two coordinator processes and two worker processes on a PostgreSQL server of the test's own, which is crashed
 * (stop mode immediate: sessions cut, crash recovery on start) and started again while a fan-out runs. The
 * coordinators and workers must carry on by themselves: every job completes, none has a result accepted twice,
 * and the test prints how long after PostgreSQL was back a leader served and jobs completed again.
 */
class PostgresRestartIT {
    static final String TOKEN = "it-admin-token-0123456789";
    static final String SCHEMA = "meridian_restart";
    static final int ITEMS = 300;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    PrivatePostgres pg;
    ProcessHarness cluster;
    List<ProcessHarness.Server> servers;
    String addresses;

    @BeforeEach
    void start() throws Exception {
        pg = PrivatePostgres.startOrSkip();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes()));
        Files.writeString(dir.resolve("meridian.yaml"), """
                store: "%s"
                auth:
                  tokens:
                    - {name: it, scopes: [admin], sha256: "%s"}
                """.formatted(pg.location(SCHEMA), hash));
        cluster = new ProcessHarness(dir);
        var a = cluster.peer("coord-a", TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> role(a).equals("leader"));
        servers = List.of(a, cluster.peer("coord-b", TOKEN));
        addresses = servers.stream().map(ProcessHarness.Server::url).collect(Collectors.joining(","));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    @Test
    void coordinatorsAndWorkersCarryOnAfterPostgresCrashesAndRestartsMidRun() throws Exception {
        cluster.worker(addresses, TOKEN, "w1", "--concurrency", "8");
        cluster.worker(addresses, TOKEN, "w2", "--concurrency", "8");
        String id = submit(ITEMS, 150);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= ITEMS / 5);

        long epochBefore = query("SELECT epoch FROM leadership");
        long stoppedAt = System.currentTimeMillis();
        pg.stop("immediate");
        pg.start();
        long backAt = System.currentTimeMillis();
        // nothing commits while it is down: this is the count at the crash
        long committedBefore = query("SELECT count(*) FROM jobs WHERE status = 'SUCCEEDED'");
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> query("SELECT count(*) FROM jobs WHERE status = 'SUCCEEDED'") > committedBefore);
        long completingAfter = System.currentTimeMillis() - backAt;

        JsonNode doc = awaitEnd(id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("stages").path("work").path("output").size()).isEqualTo(ITEMS);
        assertEachJobAcceptedOnce(ITEMS + 1);
        System.out.printf("PostgreSQL crash + restart (down %d ms): jobs completing again %d ms after it was back; "
                        + "leadership epoch %d before, %d after; %d runs in the ledger for %d jobs%n",
                backAt - stoppedAt, completingAfter, epochBefore, query("SELECT epoch FROM leadership"),
                Ledger.lines(ledger), ITEMS + 1);
    }

    /** A single number read straight from the test's PostgreSQL, as an operator with psql would. */
    long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(
                pg.location(SCHEMA).replace("postgresql://postgres@", "jdbc:postgresql://").replace("?schema=",
                        "?currentSchema="), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String role(ProcessHarness.Server s) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + "/health/state"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return Json.parse(r.body()).path("role").asString("?");
        } catch (Exception unreachable) {
            return "down";
        }
    }

    String submit(int items, int millis) throws Exception {
        return PostgresCoordinators.submitFanOut(dir, addresses, TOKEN, items, millis);
    }

    JsonNode awaitEnd(String id) {
        MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(addresses), TOKEN);
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            doc[0] = Json.toTree(client.execution(id));
            String s = doc[0].path("status").asString();
            return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
        });
        return doc[0];
    }

    /** Exactly one accepted result per job, and no run of a job after its accepted attempt. */
    void assertEachJobAcceptedOnce(int jobs) throws Exception {
        MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(addresses), TOKEN);
        Map<String, Integer> accepted = new HashMap<>();
        for (var j : client.jobs("succeeded", 100_000)) {
            assertThat(accepted.put(j.idempotencyKey(), j.attempt()))
                    .as("one accepted result per job").isNull();
        }
        assertThat(accepted).hasSize(jobs);
        Ledger.read(dir.resolve("ledger.txt")).runs().forEach(run -> assertThat(run.attempt())
                .as("a run after the job's result was accepted: " + run).isLessThanOrEqualTo(accepted.get(run.key())));
    }
}
