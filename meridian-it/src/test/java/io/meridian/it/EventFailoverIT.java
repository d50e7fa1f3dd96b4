package io.meridian.it;

import static io.meridian.it.PostgresCoordinators.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    static final int ITEMS = 300;
    @TempDir
    Path dir;
    PostgresCoordinators cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = PostgresCoordinators.start(dir, 3, "");
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void afterTheLeaderIsKilledTheLogHoldsEveryEventOfTheRunInOrderWithoutAGap() throws Exception {
        cluster.worker("w1", "--concurrency", "16");
        cluster.worker("w2", "--concurrency", "16");
        String id = cluster.submitFanOut(dir, ITEMS, 20);
        Path ledger = dir.resolve("ledger.txt");
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(ledger) >= 80);
        cluster.servers.getFirst().process().kill9();
        ProcessHarness.Server leader = cluster.awaitLeaderAfterTheFirst();
        // ignoring the 503s of a leader still reloading the state, just after it won
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !events(leader, "&type=execution.succeeded,execution.failed&execution=" + id).isEmpty());

        List<JsonNode> events = events(leader, "");
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
}
