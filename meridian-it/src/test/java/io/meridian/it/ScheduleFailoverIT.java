package io.meridian.it;

import static io.meridian.it.PostgresCoordinators.events;
import static io.meridian.it.PostgresCoordinators.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A schedule across a kill -9 of the leader: two coordinator processes on one PostgreSQL, a schedule every second
 * (catch-up policy, overlap allowed), created with {@code meridian schedules create}. The leader is killed after a
 * few slots; the other takes over and continues from the last slot stored with its execution. Afterwards every
 * slot from the first to the last fired exactly once: one schedule.fired event and one execution per slot, no
 * slot missing (the takeover's missed slots are caught up) and none twice.
 */
class ScheduleFailoverIT {
    static final String TOKEN = PostgresCoordinators.TOKEN;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    PostgresCoordinators cluster;
    List<ProcessHarness.Server> servers;
    String addresses;

    @BeforeEach
    void start() throws Exception {
        cluster = PostgresCoordinators.start(dir, 2, "");
        servers = cluster.servers;
        addresses = cluster.addresses;
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachSlotFiresExactlyOnceAcrossAKillOfTheLeader() throws Exception {
        register(servers.get(0));
        var malformed = CliProcess.run(dir, "schedules", "create", "bad", "--pipeline", "scheduled", "--cron",
                "0 25 * * *", "--coordinator", addresses, "--token", TOKEN);
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(2);
        assertThat(malformed.stderr()).contains("cron field 2 (hour) '25' is invalid");
        var created = CliProcess.run(dir, "schedules", "create", "tick", "--pipeline", "scheduled", "--every", "1s",
                "--missed-fire", "catch_up", "--catch-up-limit", "100", "--overlap", "allow", "--input", "n=1",
                "--coordinator", addresses, "--token", TOKEN);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdout()).contains("tick", "every 1s", "catch_up 100", "active");

        ProcessHarness.Server first = servers.get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> fired(first).size() >= 3);
        first.process().kill9();
        ProcessHarness.Server next = servers.get(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> role(next).equals("leader"));
        Instant takeover = Instant.now();
        // slots after the takeover, not only the caught-up ones, must fire on the new leader
        // a new leader answers 503 leader_starting while it reloads: asked again until it serves
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> fired(next).stream()
                .anyMatch(e -> Instant.parse(e.path("data").path("slot").asString()).isAfter(takeover.plusSeconds(2))));
        var paused = CliProcess.run(dir, "schedules", "pause", "tick", "--json", "--coordinator", addresses,
                "--token", TOKEN);
        assertThat(paused.exitCode()).as(paused.toString()).isZero();
        assertThat(Json.parse(paused.stdout()).path("paused").asBoolean()).isTrue();

        List<JsonNode> fired = fired(next);
        List<Instant> slots = fired.stream().map(e -> Instant.parse(e.path("data").path("slot").asString())).toList();
        assertThat(slots).as("one firing per slot").doesNotHaveDuplicates();
        assertThat(slots).isSorted();
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i))).as("no slot missed after " + slots.get(i - 1))
                    .isEqualTo(Duration.ofSeconds(1));
        }
        // every execution in this store was started by the schedule: as many as slots, each named by one firing
        List<String> executions = executions(next).stream().map(x -> x.path("execution_id").asString()).toList();
        List<String> firedExecutions = fired.stream().map(e -> e.path("executionid").asString()).toList();
        assertThat(firedExecutions).doesNotHaveDuplicates();
        assertThat(executions).containsExactlyInAnyOrderElementsOf(firedExecutions);
        System.out.printf("schedule across a leader kill -9: %d slots fired, each once, from %s to %s%n",
                slots.size(), slots.getFirst(), slots.getLast());
    }

    void register(ProcessHarness.Server leader) throws Exception {
        String yaml = """
                id: scheduled
                stages:
                  - id: only
                    type: ledger
                    config: {ledger: "%s", millis: 1}
                """.formatted(dir.resolve("ledger.txt"));
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(leader.url() + "/v1/pipelines"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static List<JsonNode> fired(ProcessHarness.Server server) throws Exception {
        return events(server, "&type=schedule.fired");
    }

    static List<JsonNode> executions(ProcessHarness.Server server) throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/executions?limit=1000"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode page = Json.parse(r.body());
        assertThat(page.path("next_cursor").isNull() || page.path("next_cursor").isMissingNode()).isTrue();
        return java.util.stream.StreamSupport.stream(page.path("items").spliterator(), false).toList();
    }
}
