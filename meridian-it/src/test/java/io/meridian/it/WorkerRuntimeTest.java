package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The worker runtime against an in-process coordinator: the same lease protocol remote workers use. */
class WorkerRuntimeTest {
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.start(store, EngineSettings.DEFAULT.withLeaseTtl(Duration.ofSeconds(2)),
            SystemClock.INSTANCE, Duration.ofMillis(50));
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final HandlerRegistry handlers = new HandlerRegistry().register(handler("hold", ctx -> {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            release.await();
        } finally {
            running.decrementAndGet();
        }
        return null;
    })).register(handler("chatty", ctx -> {
        ctx.progress("step 2 of 3");
        ctx.log("loaded 42 rows");
        ctx.log("transformed them");
        release.await();
        return null;
    })).register(handler("missing_class", ctx -> {
        throw new NoClassDefFoundError("acme/words/Gone");
    })).register(handler("stuck", ctx -> {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // deliberately ignores interrupts, like badly behaved code
            }
        }
    }));
    WorkerRuntime worker;

    interface Body {
        JsonNode run(TaskContext ctx) throws Exception;
    }

    static TaskHandler handler(String type, Body body) {
        return new TaskHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public JsonNode execute(TaskContext context) throws Exception {
                return body.run(context);
            }
        };
    }

    static JobSpec job(String type, int timeoutSeconds) {
        return new JobSpec(type, Json.object(), 5, Requirements.NONE, RetryPolicy.NONE, timeoutSeconds, null, null, -1);
    }

    WorkerRuntime startWorker(int concurrency) {
        var options = new WorkerOptions("w1", concurrency, List.of("cpu"), 2, 1024, 0, null, 0, Map.of(),
                Duration.ofSeconds(5));
        return worker = new WorkerRuntime(coordinator.leases(), handlers, options, TaskResources.NONE).start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (worker != null) {
            worker.close();
        }
        coordinator.close();
    }

    @Test
    void neverRunsMoreThanItsConcurrencyAndFinishesEverything() {
        List<String> ids = coordinator.submitAll(java.util.Collections.nCopies(20, job("hold", 60)));
        startWorker(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 3);
        assertThat(coordinator.queueStats().running() + coordinator.queueStats().leased()).isEqualTo(3);
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                .allMatch(id -> coordinator.job(id).orElseThrow().state().status() == JobStatus.SUCCEEDED));
        assertThat(maxRunning.get()).isEqualTo(3);
    }

    @Test
    void aHandlerThatIgnoresItsDeadlineTimesOutAndFreesItsSlot() {
        String stuck = coordinator.submit(job("stuck", 1), null).id();
        startWorker(1);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                coordinator.job(stuck).orElseThrow().state().status() == JobStatus.FAILED);
        assertThat(coordinator.job(stuck).orElseThrow().state().error()).contains("timeout");
        String next = coordinator.submit(job("hold", 60), null).id();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                coordinator.job(next).orElseThrow().state().status() == JobStatus.SUCCEEDED);
    }

    @Test
    void anErrorFromAHandlerFailsTheAttemptAtOnceWithItsClassAndTrace() {
        String id = coordinator.submit(job("missing_class", 60), null).id();
        startWorker(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> coordinator.job(id).orElseThrow().state().failures() >= 1);
        assertThat(coordinator.job(id).orElseThrow().state().error())
                .startsWith("handler_error: java.lang.NoClassDefFoundError: acme/words/Gone\n\tat ");
        String next = coordinator.submit(job("hold", 60), null).id();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                coordinator.job(next).orElseThrow().state().status() == JobStatus.SUCCEEDED);
    }

    @Test
    void aJobOfATypeTheWorkerLacksIsNotGivenToItAndWaitsUnschedulable() {
        String id = coordinator.submit(job("nope", 60), null).id();
        String next = coordinator.submit(job("hold", 60), null).id();
        startWorker(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                coordinator.job(next).orElseThrow().state().status() == JobStatus.SUCCEEDED);
        assertThat(coordinator.job(id).orElseThrow().state().status()).isEqualTo(JobStatus.WAITING);
        assertThat(coordinator.unschedulable()).singleElement()
                .satisfies(u -> assertThat(u.reason()).isEqualTo("no worker has stage type nope"));
    }

    @Test
    void stoppingHandsBackUnfinishedJobsWithoutSpendingRetries() {
        String id = coordinator.submit(job("hold", 60), null).id();
        var options = new WorkerOptions("w1", 1, List.of("cpu"), 2, 1024, 0, null, 0, Map.of(), Duration.ofMillis(200));
        worker = new WorkerRuntime(coordinator.leases(), handlers, options, TaskResources.NONE).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
        worker.close();
        worker = null;
        var state = coordinator.job(id).orElseThrow().state();
        assertThat(state.status()).isEqualTo(JobStatus.WAITING);
        assertThat(state.failures()).isZero();
    }

    @Test
    void aCancelledJobsHandlerIsStoppedAndItsResultRefused() {
        String id = coordinator.submit(job("hold", 60), null).id();
        startWorker(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 1);
        coordinator.cancelJob(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 0);
        assertThat(coordinator.job(id).orElseThrow().state().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void progressAndLogLinesOfARunningJobReachTheCoordinator() {
        String id = coordinator.submit(job("chatty", 60), null).id();
        startWorker(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.jobProgress(id)
                .map(p -> p.getKey().equals("step 2 of 3") && p.getValue().size() == 2).orElse(false));
        assertThat(coordinator.jobProgress(id).orElseThrow().getValue())
                .containsExactly("loaded 42 rows", "transformed them");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.jobProgress(id).isEmpty());
    }
}
