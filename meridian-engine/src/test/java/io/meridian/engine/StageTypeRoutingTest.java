package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker's registered stage types are part of placement: jobs go only to workers that have their type. */
class StageTypeRoutingTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    private TestWorker worker(String id, List<String> types) {
        return new TestWorker(coordinator.leases(), new WorkerRegistration(id, "inc-" + id, "test", 1,
                List.of("cpu"), 4, 8192, 0, 10, null, 0, Map.of(), "test", types));
    }

    @Test
    void aWorkerIsGivenOnlyJobsOfTheStageTypesItRegistered() {
        for (int i = 0; i < 5; i++) {
            coordinator.submit(JobQueueTest.job("word_count", 5), null);
            coordinator.submit(JobQueueTest.job("noop", 5), null);
        }
        TestWorker plain = worker("plain", List.of("noop", "delay"));
        TestWorker custom = worker("custom", List.of("noop", "word_count"));

        assertThat(plain.take(10)).hasSize(5).extracting(LeaseGrant::type).containsOnly("noop");
        assertThat(custom.take(10)).hasSize(5).extracting(LeaseGrant::type).containsOnly("word_count");
    }

    @Test
    void aJobOfATypeNoWorkerHasWaitsUnschedulableNamingTheType() {
        coordinator.submit(JobQueueTest.job("word_count", 5), null);
        TestWorker plain = worker("plain", List.of("noop"));

        assertThat(plain.take(5)).isEmpty();
        assertThat(coordinator.unschedulable()).singleElement().satisfies(u -> {
            assertThat(u.type()).isEqualTo("word_count");
            assertThat(u.reason()).isEqualTo("no worker has stage type word_count");
        });
        // a worker that has the type arrives: it runs the job and nothing is unschedulable any more
        assertThat(worker("custom", List.of("word_count")).take(5)).hasSize(1);
        assertThat(coordinator.unschedulable()).isEmpty();
    }

    @Test
    void aWorkerThatDoesNotSayItsTypesTakesAnyType() {
        coordinator.submit(JobQueueTest.job("word_count", 5), null);
        assertThat(new TestWorker(coordinator.leases(), "old").take(5)).hasSize(1);
    }

    @Test
    void aMissingCapabilityIsStillNamedWhenAWorkerHasTheType() {
        coordinator.submit(new JobSpec("word_count", Json.object(), 5, new Requirements(List.of("gpu"), 0, 0, 0),
                RetryPolicy.DEFAULT, 60, null, null, -1), null);
        worker("custom", List.of("word_count"));
        assertThat(coordinator.unschedulable()).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("capability 'gpu'"));
    }

    @Test
    void everyFailedAttemptsErrorStaysAfterALaterAttemptSucceeds() {
        var retrying = new JobSpec("t", Json.object(), 5, Requirements.NONE,
                new RetryPolicy(3, 0.001, 1, 0.001, 0), 60, null, null, -1);
        String id = coordinator.submit(retrying, null).id();
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        w.fail(w.take(1).get(0).lease(), "first boom", false);
        clock.advance(Duration.ofSeconds(1));
        coordinator.tick();
        var second = w.take(1).get(0).lease();
        w.exchange(List.of(new JobReport.Failed(second, new FailureInfo("timeout", "second slow", false))),
                List.of(), 0);
        clock.advance(Duration.ofSeconds(1));
        coordinator.tick();
        w.succeed(w.take(1).get(0).lease(), Json.object().put("ok", true));

        var state = store.job(id).orElseThrow().state();
        assertThat(state.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(state.error()).startsWith("timeout: second slow\n(attempt 2)")
                .contains("earlier: handler_error: first boom\n(attempt 1)");
    }
}
