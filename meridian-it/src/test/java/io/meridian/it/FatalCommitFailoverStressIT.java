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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Fatal means step down, with real processes: two coordinators on PostgreSQL, a worker, a fan-out running. The
 * leader's group commit then fails for good: a PostgreSQL trigger raises for a marker row, so the transaction
 * carrying it (and everything batched with it) is refused by the database itself, as a corrupt page, a full
 * tablespace or a broken extension would. The leader must step down at once (not hold its lease while writes
 * hang), the other coordinator must take over within a bound, and every job must complete exactly once.
 * Prints the time to recover.
 */
class FatalCommitFailoverStressIT {
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
        servers = List.of(a, cluster.peer("coord-b", TOKEN));
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

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String role(ProcessHarness.Server s) {
        try {
            return Json.parse(get(s.url() + "/health/state").body()).path("role").asString("?");
        } catch (Exception unreachable) {
            return "down";
        }
    }

    static boolean readyLeader(ProcessHarness.Server s) {
        try {
            HttpResponse<String> r = get(s.url() + "/health/ready");
            return r.statusCode() == 200 && Json.parse(r.body()).path("role").asString().equals("leader");
        } catch (Exception unreachable) {
            return false;
        }
    }

    /** Makes the database refuse any transaction that writes a marker job (a noop whose payload says poison). */
    void poisonMarkerRows() throws Exception {
        pg.execute("""
                    CREATE FUNCTION %1$s.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.type = 'noop' AND NEW.payload LIKE '%%poison_marker%%' THEN
                        RAISE EXCEPTION 'marker row refused by a test trigger';
                      END IF;
                      RETURN NEW;
                    END $$;
                    CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON %1$s.jobs
                      FOR EACH ROW EXECUTE FUNCTION %1$s.refuse_poison();
                    """.formatted(pg.schema));
    }

    String submitFanOut(int items, int millis) throws Exception {
        return submitFanOut("fanout", items, millis);
    }

    String submitFanOut(String name, int items, int millis) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                id: %3$s
                stages:
                  - id: work
                    type: ledger
                    foreach: "{{input.items}}"
                    config: {ledger: "%1$s", millis: %2$d}
                """.formatted(dir.resolve("ledger.txt"), millis, name));
        String list = IntStream.range(0, items).mapToObj(Integer::toString).collect(Collectors.joining(","));
        Files.writeString(dir.resolve("inputs.json"), "{\"items\": [" + list + "]}");
        var r = CliProcess.run(dir, "submit", file.toString(), "--input-file", dir.resolve("inputs.json").toString(),
                "--coordinator", addresses, "--token", TOKEN);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    @Test
    void aLeaderWhoseCommitsFailForGoodStepsDownAndTheOtherTakesOverLosingNothing() throws Exception {
        int items = StressScale.pick(200, 2000);
        cluster.worker(addresses, TOKEN, "w1", "--concurrency", "16");
        String id = submitFanOut(items, 20);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= items / 5);

        ProcessHarness.Server leader = servers.stream().filter(s -> role(s).equals("leader")).findFirst().orElseThrow();
        ProcessHarness.Server other = servers.get(0) == leader ? servers.get(1) : servers.get(0);
        poisonMarkerRows();
        long poisonedAt = System.nanoTime();
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(leader.url() + "/v1/queue/jobs"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jobs\": [{\"type\": \"noop\", \"payload\": {\"poison_marker\": true}}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(Json.parse(refused.body()).path("error").path("code").asString()).isEqualTo("store_unavailable");
        assertThat(Json.parse(refused.body()).path("error").path("message").asString())
                .contains("marker row refused by a test trigger");

        // The other coordinator leads and is ready within a bound: the fault resigned the lease at once, so it
        // takes over at its next retry rather than after the lease ran out (or, as in the incident, never).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> readyLeader(other));
        long tookOver = (System.nanoTime() - poisonedAt) / 1_000_000;
        int before = Ledger.lines(ledger);
        await().atMost(Duration.ofSeconds(60)).until(() -> Ledger.lines(ledger) > before);
        long working = (System.nanoTime() - poisonedAt) / 1_000_000;
        assertThat(leader.process().stderrSoFar()).contains("No longer leading").contains("cannot commit");

        JsonNode doc = awaitEnd(id);
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("stages").path("work").path("output").size()).isEqualTo(items);
        assertEachJobAcceptedOnce(items);
        assertThat(tookOver).as("takeover well within the default lease of 5 s plus retries").isLessThan(15_000);
        System.out.printf("STRESS fatal_commit_failover items=%d new_leader_ready_ms=%d jobs_running_again_ms=%d%n",
                items, tookOver, working);
    }

    /**
     * The incident's second half: killing a poisoned leader moved the failure to the next one. Here one execution's
     * stored state cannot be rebuilt (its stage record claims a negative number of jobs, as a bad write or a manual
     * edit could leave it); the leader is frozen, the row damaged, the leader killed. The next leader must fail that
     * execution with the cause, and serve the other one to the end.
     */
    @Test
    void theNextLeaderFailsAnExecutionItCannotReloadAndServesTheRest() throws Exception {
        int items = StressScale.pick(60, 600);
        cluster.worker(addresses, TOKEN, "w1", "--concurrency", "2");
        // The poisoned execution's jobs are slow (30 s of work at this concurrency), so it is surely still running
        // when its row is damaged, however slowly the CLI processes that submit and watch it start on a busy machine.
        String poisoned = submitFanOut("poisoned", items, 1000);
        String healthy = submitFanOut("healthy", items, 10);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 4);
        var before = CliProcess.run(dir, "status", poisoned, "--json", "--coordinator", addresses, "--token", TOKEN);
        assertThat(Json.parse(before.stdout()).path("status").asString()).as(before.toString()).isEqualTo("running");

        ProcessHarness.Server leader = servers.stream().filter(s -> role(s).equals("leader")).findFirst().orElseThrow();
        ProcessHarness.Server other = servers.get(0) == leader ? servers.get(1) : servers.get(0);
        ProcessHarness.signal(leader.process().process, "STOP"); // so it cannot rewrite the row we damage
        pg.execute("UPDATE %1$s.execution_stages SET jobs = -1 WHERE execution_id = '%2$s' AND stage_id = 'work'"
                .formatted(pg.schema, poisoned));
        long killedAt = System.nanoTime();
        leader.process().kill9();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> readyLeader(other));
        long tookOver = (System.nanoTime() - killedAt) / 1_000_000;

        JsonNode failed = awaitEnd(poisoned);
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).contains("could not be reloaded after a leadership change")
                .contains("NegativeArraySizeException");
        JsonNode done = awaitEnd(healthy);
        assertThat(done.path("status").asString()).isEqualTo("succeeded");
        assertThat(done.path("stages").path("work").path("output").size()).isEqualTo(items);
        assertThat(readyLeader(other)).as("the new leader stays up and ready").isTrue();
        System.out.printf("STRESS poisoned_takeover items=%d new_leader_ready_ms=%d%n", items, tookOver);
    }

    JsonNode awaitEnd(String id) {
        JsonNode[] doc = new JsonNode[1];
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
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
}
