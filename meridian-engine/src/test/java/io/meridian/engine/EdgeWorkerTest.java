package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.registry.WorkerLimits;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.engine.registry.WorkerStatus;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node types at the coordinator: a job can require one, and an edge worker may stay silent for
 * {@code edge_lease_multiplier} times the usual heartbeat timeout and come back to its jobs and session.
 */
class EdgeWorkerTest {
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(),
            EngineSettings.DEFAULT.withWorkerLimits(new WorkerLimits(100, Duration.ofMinutes(10), 10, 8)), clock);
    /** 2.5 s by default: a local worker silent longer is unhealthy; an edge worker has 8 times that, 20 s. */
    final Duration timeout = EngineSettings.DEFAULT.heartbeatTimeout();

    @AfterEach
    void close() {
        coordinator.close();
    }

    TestWorker worker(String id, String nodeType) {
        return new TestWorker(coordinator.leases(), new WorkerRegistration(id, UUID.randomUUID().toString(), "test",
                1, List.of("cpu"), 4, 8192, 0, 10, null, 0, Map.of(), "test", null, nodeType));
    }

    static JobSpec job(String nodeType) {
        return new JobSpec("t", Json.object(), 5, new Requirements(List.of(), 0, 0, 0, nodeType),
                RetryPolicy.DEFAULT, 600, null, null, -1);
    }

    WorkerStatus status(String id) {
        return coordinator.workers().stream().filter(w -> w.id().equals(id)).findFirst()
                .map(WorkerRegistry.Worker::status).orElseThrow();
    }

    @Test
    void aJobRequiringANodeTypeGoesOnlyToWorkersOfThatType() {
        coordinator.submit(job("edge"), null);
        TestWorker local = worker("local-1", null);
        assertThat(local.take(4)).isEmpty();
        assertThat(coordinator.unschedulable()).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("node type 'edge' (is local)"));
        TestWorker edge = worker("edge-1", "edge");
        assertThat(edge.take(4)).hasSize(1);
    }

    @Test
    void anEdgeWorkerBackWithinItsLongerLeaseKeepsItsJobsAndSession() {
        coordinator.submit(job(null), null);
        coordinator.submit(job(null), null);
        TestWorker edge = worker("edge-1", "edge");
        TestWorker local = worker("local-1", null);
        assertThat(edge.session.leaseTtlMillis()).isEqualTo(EngineSettings.DEFAULT.leaseTtl().toMillis() * 8);
        assertThat(local.session.leaseTtlMillis()).isEqualTo(EngineSettings.DEFAULT.leaseTtl().toMillis());
        LeaseGrant onEdge = edge.take(1).getFirst();
        LeaseGrant onLocal = local.take(1).getFirst();

        // Both silent for four times the usual timeout, past the usual 10 s job lease too.
        for (int s = 0; s < 12; s++) {
            clock.advance(Duration.ofSeconds(1));
            coordinator.tick();
        }
        assertThat(status("local-1")).isIn(WorkerStatus.UNHEALTHY, WorkerStatus.OFFLINE); // its job was requeued
        assertThat(status("edge-1").isHealthy()).as("edge: still within 8 x 2.5 s").isTrue();
        var back = edge.succeed(onEdge.lease(), Json.object());
        assertThat(back.reregister()).as("the same session").isFalse();
        assertThat(back.refused()).as("its result counts: the job never left it").isEmpty();
        assertThat(local.succeed(onLocal.lease(), Json.object()).refused()).as("failed over meanwhile")
                .containsExactly(onLocal.lease());
    }

    @Test
    void anEdgeWorkerSilentLongerThanItsLeaseFailsOver() {
        coordinator.submit(job(null), null);
        TestWorker edge = worker("edge-1", "edge");
        LeaseGrant held = edge.take(1).getFirst();
        clock.advance(timeout.multipliedBy(8).plusSeconds(1));
        coordinator.tick();
        assertThat(status("edge-1")).isEqualTo(WorkerStatus.UNHEALTHY);
        TestWorker other = worker("other", null);
        assertThat(other.take(1)).as("its job failed over").singleElement()
                .satisfies(g -> assertThat(g.lease().jobId()).isEqualTo(held.lease().jobId()));
        assertThat(edge.succeed(held.lease(), Json.object()).refused()).containsExactly(held.lease());
    }

    @Test
    void anEdgeWorkerWhoseConnectionsCloseIsNotSuspected() {
        TestWorker edge = worker("edge-1", "edge");
        TestWorker local = worker("local-1", null);
        assertThat(coordinator.suspectWorker("edge-1", edge.session.incarnation(), edge.session.sessionSecret()))
                .isEmpty();
        assertThat(coordinator.suspectWorker("local-1", local.session.incarnation(),
                local.session.sessionSecret())).isPresent();
    }
}
