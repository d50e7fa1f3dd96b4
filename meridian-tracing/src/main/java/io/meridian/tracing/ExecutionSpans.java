package io.meridian.tracing;

import io.meridian.store.event.EventRecord;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the committed event stream into spans: one trace per execution, a span per stage and per job attempt,
 * timed by the events' own times. Working from durable events means a span describes only what really happened,
 * and a new leader continues the same trace (the ids are derived, see {@link TraceIds}). It runs on the commit
 * thread, so it only starts and ends spans (the SDK's batch processor exports elsewhere).
 */
final class ExecutionSpans implements Consumer<List<EventRecord>> {
    private static final Logger log = LoggerFactory.getLogger(ExecutionSpans.class);
    /** Spans left open by a coordinator that stepped down are never ended: this bounds what they hold. */
    static final int MAX_OPEN = 100_000;

    private final Tracer tracer;
    private final DerivedIdGenerator ids;
    private final Map<String, Span> open = new ConcurrentHashMap<>();
    private volatile boolean warnedFull;

    ExecutionSpans(Tracer tracer, DerivedIdGenerator ids) {
        this.tracer = tracer;
        this.ids = ids;
    }

    @Override
    public void accept(List<EventRecord> events) {
        for (EventRecord e : events) {
            try {
                onEvent(e);
            } catch (RuntimeException ex) {
                log.warn("Tracing skips event {} ({}): {}", e.sequence(), e.type().wireName(), ex.toString());
            }
        }
    }

    int openSpans() {
        return open.size();
    }

    private void onEvent(EventRecord e) {
        String x = e.executionId();
        switch (e.type()) {
            case EXECUTION_STARTED -> start("x:" + x, e, "execution " + text(e, "pipeline_id"), null,
                    TraceIds.trace(x, null), TraceIds.executionSpan(x), SpanKind.INTERNAL)
                    .setAttribute("meridian.pipeline.id", text(e, "pipeline_id"))
                    .setAttribute("meridian.pipeline.version", number(e, "pipeline_version"));
            case EXECUTION_PAUSED, EXECUTION_RESUMED -> addEvent("x:" + x, e);
            case EXECUTION_SUCCEEDED, EXECUTION_FAILED, EXECUTION_CANCELLED -> end("x:" + x, e);
            case STAGE_STARTED -> startStage(e);
            case STAGE_SUCCEEDED, STAGE_FAILED, STAGE_CANCELLED -> end("s:" + x + "/" + e.subject(), e);
            case STAGE_SKIPPED -> {
                startStage(e);
                end("s:" + x + "/" + e.subject(), e);
            }
            case JOB_LEASED -> startAttempt(e);
            case JOB_STARTED, JOB_PROGRESS -> addEvent("j:" + e.subject(), e);
            case JOB_SUCCEEDED, JOB_FAILED, JOB_RETRY_SCHEDULED, JOB_DEAD, JOB_CANCELLED, JOB_QUEUED, JOB_PAUSED ->
                    end("j:" + e.subject(), e);
            default -> { }
        }
    }

    private void startStage(EventRecord e) {
        String x = e.executionId();
        String stage = e.subject();
        start("s:" + x + "/" + stage, e, "stage " + stage,
                parent(TraceIds.trace(x, null), TraceIds.executionSpan(x)), null, TraceIds.stageSpan(x, stage),
                SpanKind.INTERNAL).setAttribute("meridian.stage.id", stage);
    }

    private void startAttempt(EventRecord e) {
        String job = e.subject();
        String x = e.executionId();
        String stage = text(e, "stage_id");
        int attempt = (int) number(e, "attempt");
        Context parent = x == null ? null : parent(TraceIds.trace(x, null),
                stage == null ? TraceIds.executionSpan(x) : TraceIds.stageSpan(x, stage));
        Span span = start("j:" + job, e, "attempt " + text(e, "type"), parent, TraceIds.trace(x, job),
                TraceIds.attemptSpan(job, attempt), SpanKind.PRODUCER)
                .setAttribute("meridian.job.id", job)
                .setAttribute("meridian.job.type", text(e, "type"))
                .setAttribute("meridian.job.attempt", attempt)
                .setAttribute("meridian.worker.id", text(e, "worker_id"));
        if (stage != null) {
            span.setAttribute("meridian.stage.id", stage).setAttribute("meridian.item.index", number(e, "item_index"));
        }
    }

    private Span start(String key, EventRecord e, String name, Context parent, String traceId, String spanId,
                       SpanKind kind) {
        if (open.size() >= MAX_OPEN) {
            if (!warnedFull) {
                warnedFull = true;
                log.warn("Tracing holds {} open spans (a coordinator that lost leadership leaves its spans open); "
                        + "new spans are not recorded until some end", MAX_OPEN);
            }
            return Span.getInvalid();
        }
        SpanBuilder b = tracer.spanBuilder(name).setSpanKind(kind).setStartTimestamp(e.time());
        if (parent == null) {
            b.setNoParent();
        } else {
            b.setParent(parent);
        }
        if (e.executionId() != null) {
            b.setAttribute("meridian.execution.id", e.executionId());
        }
        Span span = ids.next(traceId, spanId, b::startSpan);
        Span previous = open.put(key, span);
        if (previous != null) {
            previous.end(e.time()); // a repeated start (a replay after a takeover): keep one span open per key
        }
        return span;
    }

    private void end(String key, EventRecord e) {
        Span span = open.remove(key);
        if (span == null) {
            return; // started by another coordinator before a takeover: that leader's exporter had it
        }
        Object error = e.data().get("error");
        String outcome = e.type().wireName().substring(e.type().wireName().indexOf('.') + 1);
        span.setAttribute("meridian.outcome", outcome);
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error.toString());
        } else if (outcome.equals("failed") || outcome.equals("dead")) {
            span.setStatus(StatusCode.ERROR, outcome);
        } else if (outcome.equals("queued")) {
            span.setStatus(StatusCode.ERROR, "requeued: the worker or the leader was lost");
        }
        span.end(e.time());
    }

    private void addEvent(String key, EventRecord e) {
        Span span = open.get(key);
        if (span != null) {
            span.addEvent(e.type().wireName(), e.time());
        }
    }

    private static Context parent(String traceId, String spanId) {
        return Context.root().with(Span.wrap(SpanContext.create(traceId, spanId, TraceFlags.getSampled(),
                TraceState.getDefault())));
    }

    private static String text(EventRecord e, String key) {
        Object v = e.data().get(key);
        return v == null ? null : v.toString();
    }

    private static long number(EventRecord e, String key) {
        return e.data().get(key) instanceof Number n ? n.longValue() : -1;
    }
}
