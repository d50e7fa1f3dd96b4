package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Placement;
import io.meridian.protocol.api.CheckpointView;
import io.meridian.protocol.api.ExecutionList;
import io.meridian.protocol.api.ExecutionView;
import io.meridian.protocol.api.JobSubmission;
import io.meridian.protocol.api.JobView;
import io.meridian.protocol.api.QueueStatsView;
import io.meridian.protocol.api.WorkerList;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.state.LockGrant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Java client's records are the API's documents: each answer read strictly (a field the record lacks fails)
 * into its record, and the record written back gives the very document the server sent.
 */
class ClientRecordsTest {
    final TestServer server = new TestServer();
    final MeridianClient client = new MeridianClient(
            CoordinatorAddresses.parse("http://127.0.0.1:" + server.server.port()), TestServer.ADMIN);

    ClientRecordsTest() throws Exception {}

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** The raw answer decodes strictly into {@code type}, and the record encodes back to the same document. */
    private <T> T same(String method, String path, String body, Class<T> type) throws Exception {
        var response = server.call(method, path, TestServer.ADMIN, body);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        JsonNode raw = Json.parse(response.body());
        T record = Json.convert(raw, type);
        assertThat(Json.parse(Json.write(record))).as(path).isEqualTo(raw);
        return record;
    }

    @Test
    void executionsCheckpointsAndTheirListsAreRecordsThatRoundTrip() throws Exception {
        ExecutionView started = client.startExecution("id: p\nstages:\n  - {id: a, type: noop}\n", "p.yaml",
                Json.object().put("n", 1), "req-1");
        assertThat(started.status()).isEqualTo("running");
        assertThat(started.stages()).containsOnlyKeys("a");
        client.linkCheckpoint(started.executionId(), "c1", "a", Json.object().put("offset", 7));

        String id = started.executionId();
        ExecutionView one = same("GET", "/v1/executions/" + id, null, ExecutionView.class);
        assertThat(one.checkpointId()).isEqualTo("c1");
        assertThat(client.execution(id)).isEqualTo(one);
        assertThat(same("GET", "/v1/executions?limit=5", null, ExecutionList.class).items()).containsExactly(one);
        assertThat(client.executions(5).items()).containsExactly(one);
        same("GET", "/v1/executions/" + id + "/checkpoints", null, CheckpointItems.class);
        assertThat(client.checkpoints(id)).extracting(CheckpointView::checkpointId).containsExactly("c1");
        assertThat(client.executionAction(id, "cancel").status()).isEqualTo("cancelled");
    }

    private record CheckpointItems(List<CheckpointView> items) {}

    private record LockItems(List<LockGrant> items) {}

    private record JobItems(List<JobView> jobs) {}

    @Test
    void locksAreLockGrants() throws Exception {
        LockGrant held = client.acquireLock("reports/daily", "me", Duration.ofSeconds(30));
        assertThat(same("GET", "/v1/locks/reports%2Fdaily", null, LockGrant.class)).isEqualTo(held);
        assertThat(same("GET", "/v1/locks?limit=10", null, LockItems.class).items()).containsExactly(held);
        assertThat(client.locks("reports/", 10)).containsExactly(held);
        assertThat(client.extendLock("reports/daily", held.lockId(), Duration.ofMinutes(1)).fencingToken())
                .isEqualTo(held.fencingToken());
        client.releaseLock("reports/daily", held.lockId());
        assertThat(client.locks(null, 10)).isEmpty();
    }

    @Test
    void workersQueueStatsAndJobsAreRecordsThatRoundTrip() throws Exception {
        server.coordinator.leases().register(new WorkerRegistration("w1", "inc-1", "host-1", 42, List.of("cpu"), 4,
                8192, 0, 8, "eu-west-1", 0.25, Map.of("rack", "a"), "1.0"));
        WorkerList workers = same("GET", "/v1/workers", null, WorkerList.class);
        assertThat(workers.workers()).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo("w1");
            assertThat(w.labels()).containsEntry("rack", "a");
        });
        assertThat(client.workers()).isEqualTo(workers);

        client.pauseQueue(null);
        List<String> ids = client.submitJobs(List.of(JobSubmission.of("noop", Json.object().put("n", 1)),
                new JobSubmission("noop", null, 9, 60, new Placement("affinity", "customer-7"))));
        assertThat(ids).hasSize(2);
        QueueStatsView stats = same("GET", "/v1/queue/stats", null, QueueStatsView.class);
        assertThat(stats.waiting()).isEqualTo(2);
        assertThat(stats.dispatchPaused()).isTrue();
        assertThat(client.queueStats()).isEqualTo(stats);

        JobView placed = same("GET", "/v1/queue/jobs/" + ids.get(1), null, JobView.class);
        assertThat(placed.placementStrategy()).isEqualTo("affinity");
        assertThat(placed.affinityKey()).isEqualTo("customer-7");
        assertThat(placed.priority()).isEqualTo(9);
        assertThat(client.job(ids.get(1))).isEqualTo(placed);
        assertThat(same("GET", "/v1/queue/jobs?status=waiting", null, JobItems.class).jobs()).hasSize(2);
        assertThat(client.jobs("waiting", 10)).extracting(JobView::id).containsExactlyElementsOf(ids);

        assertThat(client.resumeQueue(null).dispatchPaused()).isFalse();
        assertThat(client.drainQueue()).isEqualTo(2);
        assertThat(client.cleanQueue(List.of("cancelled"), 0)).isEqualTo(2);
    }
}
