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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three coordinator processes on one PostgreSQL, two worker processes that know all three addresses: the leader
 * is killed with SIGKILL (or frozen with SIGSTOP) mid-run, another takes over, and every job completes with
 * exactly one accepted result. Default leadership settings, so the measured takeover is what users get.
 */
class LeaderFailoverIT {
    static final String TOKEN = "it-admin-token-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    TestPostgres pg;
    ProcessHarness cluster;
    List<ProcessHarness.Server> servers;
    String addresses;

    @BeforeEach
    void start() throws Exception {
        pg = TestPostgres.requireOrSkip();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes()));
        Files.writeString(dir.resolve("meridian.yaml"), """
                store: "%s"
                auth:
                  tokens:
                    - {name: it, scopes: [admin], sha256: "%s"}
                """.formatted(pg.location(), hash));
        cluster = new ProcessHarness(dir);
        var a = cluster.peer("coord-a", TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> role(a).equals("leader"));
        servers = List.of(a, cluster.peer("coord-b", TOKEN), cluster.peer("coord-c", TOKEN));
        addresses = servers.stream().map(ProcessHarness.Server::url).collect(Collectors.joining(","));
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
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

    Optional<ProcessHarness.Server> leader(List<ProcessHarness.Server> among) {
        return among.stream().filter(s -> role(s).equals("leader")).findFirst();
    }

    String submit(int items, int millis) throws Exception {
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
                "--coordinator", addresses, "--token", TOKEN);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    JsonNode awaitEnd(String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            doc[0] = ProcessHarness.execution(addresses, TOKEN, id);
            String s = doc[0].path("status").asString();
            return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
        });
        return doc[0];
    }

    /** Exactly one accepted result per job, and no run of a job after its accepted attempt. */
    void assertEachJobAcceptedOnce(int jobs) throws Exception {
        var r = CliProcess.run(dir, "queue", "jobs", "--status", "succeeded", "--limit", "100000", "--json",
                "--coordinator", addresses, "--token", TOKEN);
        Map<String, Integer> accepted = new HashMap<>();
        for (JsonNode j : Json.parse(r.stdout()).path("jobs")) {
            assertThat(accepted.put(j.path("idempotency_key").asString(), j.path("attempt").asInt()))
                    .as("one accepted result per job").isNull();
        }
        assertThat(accepted).hasSize(jobs);
        Ledger.read(dir.resolve("ledger.txt")).runs().forEach(run -> assertThat(run.attempt())
                .as("a run after the job's result was accepted: " + run).isLessThanOrEqualTo(accepted.get(run.key())));
    }

    @Test
    void theLeaderKilledMidRunIsReplacedAndEveryJobCompletesOnce() throws Exception {
        cluster.worker(addresses, TOKEN, "w1", "--concurrency", "16");
        cluster.worker(addresses, TOKEN, "w2", "--concurrency", "16");
        String id = submit(1000, 20);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 200);
        ProcessHarness.Server old = servers.get(0);
        long killedAt = System.currentTimeMillis();
        old.process().kill9();
        List<ProcessHarness.Server> rest = servers.subList(1, 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> leader(rest).isPresent());
        long tookOver = System.currentTimeMillis() - killedAt;
        int before = Ledger.lines(ledger);
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.lines(ledger) > before);
        long working = System.currentTimeMillis() - killedAt;

        JsonNode doc = awaitEnd(id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("stages").path("work").path("output").size()).isEqualTo(1000);
        assertEachJobAcceptedOnce(1001);
        assertThat(tookOver).as("takeover under 10 s with default settings").isLessThan(10_000);
        System.out.printf("leader kill -9: new leader after %d ms, jobs running again after %d ms%n", tookOver, working);
    }

    @Test
    void aFrozenLeaderThatWakesUpAfterLosingLeadershipStepsDownAndChangesNothing() throws Exception {
        cluster.worker(addresses, TOKEN, "w1", "--concurrency", "8");
        String id = submit(200, 30);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 20);
        ProcessHarness.Server frozen = servers.get(0);
        ProcessHarness.signal(frozen.process().process, "STOP");
        List<ProcessHarness.Server> rest = servers.subList(1, 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> leader(rest).isPresent());
        ProcessHarness.signal(frozen.process().process, "CONT");
        // On waking, its own monotonic deadline has passed: it steps down before doing anything else.
        await().atMost(Duration.ofSeconds(15)).until(() -> role(frozen).equals("follower"));
        assertThat(frozen.process().stderrSoFar()).contains("No longer leading");

        JsonNode doc = awaitEnd(id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertEachJobAcceptedOnce(201);
        assertThat(leader(servers)).isPresent().get().isNotEqualTo(frozen);
    }
}
