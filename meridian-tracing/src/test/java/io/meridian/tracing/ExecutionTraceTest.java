package io.meridian.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A real coordinator and an in-process worker run a two-stage pipeline with tracing on: one trace for the
 * execution, a span per stage, per attempt and per handler call, linked parent to child; and with tracing off,
 * nothing reaches the worker.
 */
class ExecutionTraceTest {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final Map<String, String> seenByHandler = new ConcurrentHashMap<>();
    Coordinator coordinator;
    WorkerRuntime worker;
    Tracing tracing;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (tracing != null) {
            tracing.close();
        }
    }

    @Test
    void anExecutionIsOneTraceWithASpanPerStageAttemptAndHandlerCall() {
        tracing = Tracing.using(ids -> OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setIdGenerator(ids).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build());
        String id = run(tracing, ExecutionStatus.FAILED);

        String traceId = TraceIds.trace(id, null);
        // execution, 2 stages, 1 + 2 attempts (b fails once, then for good), 3 handler calls
        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().size() >= 9);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(9).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(traceId));
        SpanData root = named(spans, "execution traced").getFirst();
        assertThat(root.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        SpanData stageA = named(spans, "stage a").getFirst();
        SpanData stageB = named(spans, "stage b").getFirst();
        assertThat(List.of(stageA, stageB)).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId()));
        assertThat(named(spans, "attempt record")).singleElement()
                .satisfies(a -> assertThat(a.getParentSpanId()).isEqualTo(stageA.getSpanId()));
        List<SpanData> attemptsOfB = named(spans, "attempt flaky");
        assertThat(attemptsOfB).hasSize(2).allSatisfy(a -> {
            assertThat(a.getParentSpanId()).isEqualTo(stageB.getSpanId());
            assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        });
        assertThat(attemptsOfB).extracting(a -> a.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("meridian.job.attempt")).findFirst().orElseThrow().getValue())
                .containsExactlyInAnyOrder(1L, 2L);

        List<SpanData> handlerCalls = spans.stream().filter(s -> s.getName().startsWith("handle ")).toList();
        assertThat(handlerCalls).hasSize(3);
        for (SpanData call : handlerCalls) {
            SpanData attempt = spans.stream().filter(s -> s.getSpanId().equals(call.getParentSpanId())).findFirst()
                    .orElseThrow(() -> new AssertionError(call.getName() + " has no attempt span as its parent"));
            assertThat(attempt.getName()).startsWith("attempt ");
        }
        SpanData recordAttempt = named(spans, "attempt record").getFirst();
        assertThat(tracing.traceparentOf(io.meridian.store.event.EventRecord.unnumbered(
                io.meridian.model.event.EventType.JOB_SUCCEEDED, java.time.Instant.now(), id,
                recordAttempt.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("meridian.job.id")),
                Map.of("job_id", recordAttempt.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("meridian.job.id")), "attempt", 1))))
                .as("a sink names the attempt's span for a job event")
                .isEqualTo("00-" + traceId + "-" + recordAttempt.getSpanId() + "-01");
        assertThat(tracing.traceparentOf(io.meridian.store.event.EventRecord.unnumbered(
                io.meridian.model.event.EventType.STAGE_SUCCEEDED, java.time.Instant.now(), id, "a",
                Map.of("stage_id", "a")))).isEqualTo("00-" + traceId + "-" + stageA.getSpanId() + "-01");
        assertThat(Tracing.OFF.traceparentOf(io.meridian.store.event.EventRecord.unnumbered(
                io.meridian.model.event.EventType.STAGE_SUCCEEDED, java.time.Instant.now(), id, "a",
                Map.of("stage_id", "a")))).isNull();
        SpanData recordCall = named(spans, "handle record").getFirst();
        assertThat(seenByHandler.get("record"))
                .as("the handler is given its own span's context, to send on")
                .isEqualTo("00-" + traceId + "-" + recordCall.getSpanId() + "-01");
    }

    @Test
    void withTracingOffNoTraceContextReachesTheWorker() {
        String id = run(Tracing.OFF, ExecutionStatus.FAILED);
        assertThat(id).isNotBlank();
        assertThat(seenByHandler).containsEntry("record", "none");
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    private String run(Tracing t, ExecutionStatus expected) {
        coordinator = Coordinator.start(new InMemoryStore(), EngineSettings.DEFAULT, SystemClock.INSTANCE,
                Duration.ofMillis(20));
        coordinator.traceGrantsWith(t.grantContext());
        coordinator.onEventsCommitted(t.executionSpans());
        HandlerRegistry handlers = new HandlerRegistry().register(handler("record", false))
                .register(handler("flaky", true));
        worker = new WorkerRuntime(coordinator.leases(), coordinator.taskState(), handlers,
                WorkerOptions.forThisMachine("w1", 2, List.of()), TaskResources.NONE)
                .traceHandlersWith(t.handlerTracing()).start();
        Pipeline pipeline = new Pipeline("traced", "traced", null, 1, FailurePolicy.FAIL_FAST, StageDefaults.DEFAULT,
                List.of(stage("a", "record", RetryPolicy.NONE), stage("b", "flaky", retryOnce())));
        String id = coordinator.startExecution(pipeline, Json.object(), null).id();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator.execution(id).orElseThrow().status() == expected);
        return id;
    }

    private static Stage stage(String id, String type, RetryPolicy retry) {
        return new Stage(id, type, Json.object(), id.equals("a") ? List.of() : List.of("a"), retry, 60, 5,
                Requirements.NONE, null, null);
    }

    private static RetryPolicy retryOnce() {
        return new RetryPolicy(1, 0.05, 1, 0.05, 0);
    }

    private TaskHandler handler(String type, boolean fails) {
        return new TaskHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public JsonNode execute(TaskContext context) {
                seenByHandler.put(type, context.traceparent().orElse("none"));
                if (fails) {
                    throw new IllegalStateException("fails on purpose");
                }
                return Json.object();
            }
        };
    }

    private static List<SpanData> named(List<SpanData> spans, String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as("spans named '%s' among %s", name, spans.stream().map(SpanData::getName).toList())
                .isNotEmpty();
        return found;
    }
}
