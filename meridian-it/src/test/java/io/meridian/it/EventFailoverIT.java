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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The event log across a kill -9 of the leader: three coordinator processes on one PostgreSQL, two workers, the
 * leader killed mid-run. Read afterwards through {@code /v1/events}, the log holds every event of the run, once:
 * sequences strictly increasing without a gap, each job's events in a legal order ending in exactly one
 * job.succeeded, and the new leader's leader.elected in a later term.
 */
class EventFailoverIT {
    static final String TOKEN = "it-admin-token-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int ITEMS = 300;
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
        await().atMost(Duration.ofSeconds(30)).until(() -> LeaderFailoverIT.role(a).equals("leader"));
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

    @Test
    void afterTheLeaderIsKilledTheLogHoldsEveryEventOfTheRunInOrderWithoutAGap() throws Exception {
        cluster.worker(addresses, TOKEN, "w1", "--concurrency", "16");
        cluster.worker(addresses, TOKEN, "w2", "--concurrency", "16");
        String id = submit();
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 80);
        servers.get(0).process().kill9();
        List<ProcessHarness.Server> rest = servers.subList(1, 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> rest.stream().anyMatch(s -> LeaderFailoverIT.role(s).equals("leader")));
        ProcessHarness.Server leader = rest.stream().filter(s -> LeaderFailoverIT.role(s).equals("leader"))
                .findFirst().orElseThrow();
        // ignoring the 503s of a leader still reloading the state, just after it won
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !readAll(leader, "&type=execution.succeeded,execution.failed&execution=" + id).isEmpty());

        List<JsonNode> events = readAll(leader, "");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence").asLong()).as("dense sequence at index " + i).isEqualTo(i + 1L);
            assertThat(events.get(i).path("id").asString()).isEqualTo(Long.toString(i + 1L));
        }
        List<JsonNode> elected = events.stream().filter(e -> type(e).equals("leader.elected")).toList();
        assertThat(elected).hasSizeGreaterThanOrEqualTo(2);
        assertThat(elected.getLast().path("data").path("epoch").asLong())
                .isGreaterThan(elected.getFirst().path("data").path("epoch").asLong());

        List<JsonNode> run = events.stream().filter(e -> id.equals(e.path("executionid").asString())).toList();
        assertThat(run.stream().filter(e -> type(e).equals("execution.created"))).hasSize(1);
        assertThat(run.stream().filter(e -> type(e).equals("execution.succeeded"))).hasSize(1);
        assertThat(type(run.getFirst())).isEqualTo("execution.created");
        assertThat(type(run.getLast())).isEqualTo("execution.succeeded");
        assertThat(run.stream().filter(e -> type(e).equals("stage.succeeded"))).hasSize(2);

        Map<String, List<String>> byJob = new LinkedHashMap<>();
        run.stream().filter(e -> type(e).startsWith("job.")).forEach(e ->
                byJob.computeIfAbsent(e.path("subject").asString(), k -> new ArrayList<>()).add(type(e)));
        assertThat(byJob).hasSize(ITEMS + 1);
        byJob.forEach((job, types) -> assertLegal(job, types));
        System.out.printf("events across a leader kill -9: %d events, %d of the run, %d leader terms%n",
                events.size(), run.size(), elected.size());
    }

    /** queued, then leased (started), then succeeded or back to queued (its worker or leader was lost)... */
    static void assertLegal(String job, List<String> types) {
        assertThat(types.getFirst()).as(job + " " + types).isEqualTo("job.queued");
        assertThat(types.getLast()).as(job + " " + types).isEqualTo("job.succeeded");
        assertThat(types.stream().filter("job.succeeded"::equals)).as(job + " " + types).hasSize(1);
        String previous = null;
        for (String t : types) {
            if (previous != null) {
                boolean legal = switch (t) {
                    case "job.leased" -> previous.equals("job.queued") || previous.equals("job.retry_scheduled");
                    case "job.started" -> previous.equals("job.leased");
                    case "job.succeeded" -> previous.equals("job.leased") || previous.equals("job.started");
                    case "job.queued" -> previous.equals("job.leased") || previous.equals("job.started")
                            || previous.equals("job.retry_scheduled");
                    default -> true;
                };
                assertThat(legal).as(job + ": " + previous + " then " + t + " in " + types).isTrue();
            }
            previous = t;
        }
    }

    static String type(JsonNode e) {
        return e.path("type").asString().substring("io.meridian.".length());
    }

    /** Every event matching {@code filter}, page after page, from the leader. */
    static List<JsonNode> readAll(ProcessHarness.Server leader, String filter) throws Exception {
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

    String submit() throws Exception {
        Path ledger = dir.resolve("ledger.txt");
        Path file = dir.resolve("fanout.yaml");
        Files.writeString(file, """
                id: fanout
                stages:
                  - id: work
                    type: ledger
                    foreach: "{{input.items}}"
                    config: {ledger: "%1$s", millis: 20}
                  - id: gather
                    type: ledger
                    depends_on: [work]
                    config: {ledger: "%1$s", millis: 1}
                """.formatted(ledger));
        String list = IntStream.range(0, ITEMS).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Files.writeString(dir.resolve("inputs.json"), "{\"items\": [" + list + "]}");
        var r = CliProcess.run(dir, "submit", file.toString(), "--input-file", dir.resolve("inputs.json").toString(),
                "--coordinator", addresses, "--token", TOKEN);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }
}
