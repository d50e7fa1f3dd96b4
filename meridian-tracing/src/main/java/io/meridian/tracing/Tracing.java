package io.meridian.tracing;

import io.meridian.engine.lease.GrantTraceContext;
import io.meridian.store.event.EventRecord;
import io.meridian.worker.runtime.HandlerTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing of a coordinator or a worker process, or {@link #OFF}. It is on when the standard
 * {@code OTEL_*} settings name a trace exporter or an OTLP endpoint (see {@link TracingSwitch}); off, no SDK
 * object exists and the engine and worker hooks stay their no-op defaults.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    private static final String SCOPE = "io.meridian";

    /** No tracing: every hook is the no-op one. */
    public static final Tracing OFF = new Tracing(null, null);

    private static Tracing process;

    private final OpenTelemetry otel;
    private final DerivedIdGenerator ids;

    private Tracing(OpenTelemetry otel, DerivedIdGenerator ids) {
        this.otel = otel;
        this.ids = ids;
    }

    /**
     * Tracing as this process's environment and system properties ask (the SDK's autoconfiguration), or
     * {@link #OFF}. {@code serviceName} is the default {@code service.name} ({@code OTEL_SERVICE_NAME} wins).
     */
    public static Tracing fromEnvironment(String serviceName) {
        if (!TracingSwitch.fromProcess().on()) {
            return OFF;
        }
        DerivedIdGenerator ids = new DerivedIdGenerator();
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                // defaults only: the process's OTEL_* variables and otel.* properties override them
                .addPropertiesSupplier(() -> Map.of("otel.service.name", serviceName,
                        "otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
                .addTracerProviderCustomizer((builder, config) -> builder.setIdGenerator(ids))
                .build()
                .getOpenTelemetrySdk();
        log.info("Tracing is on: spans of executions are exported as the OTEL_* settings say");
        return new Tracing(sdk, ids);
    }

    /**
     * This process's tracing, set up from its environment on first use ({@code service.name} "meridian" unless
     * {@code OTEL_SERVICE_NAME} says otherwise): the coordinator and the workers of one process share one SDK.
     */
    public static synchronized Tracing process() {
        if (process == null) {
            process = fromEnvironment("meridian");
        }
        return process;
    }

    /**
     * Tracing through an SDK built by {@code build} from the id generator it must use (tests hand in an
     * in-memory exporter this way).
     */
    public static Tracing using(Function<DerivedIdGenerator, OpenTelemetry> build) {
        DerivedIdGenerator ids = new DerivedIdGenerator();
        return new Tracing(build.apply(ids), ids);
    }

    public boolean on() {
        return otel != null;
    }

    /** What turns committed events into spans (for {@code Coordinator.onEventsCommitted}); a no-op when off. */
    public Consumer<List<EventRecord>> executionSpans() {
        return on() ? new ExecutionSpans(tracer(), ids) : events -> { };
    }

    /** Each grant's traceparent: the attempt span {@link #executionSpans()} starts for the lease. */
    public GrantTraceContext grantContext() {
        if (!on()) {
            return GrantTraceContext.NONE;
        }
        return (executionId, stageId, jobId, attempt) ->
                TraceIds.traceparent(TraceIds.trace(executionId, jobId), TraceIds.attemptSpan(jobId, attempt));
    }

    /**
     * The traceparent an event sink puts in the message of {@code event}, so a consumer's spans join the
     * execution's trace: a job event names its attempt's span, a stage event its stage's, any other event of an
     * execution the execution's. Null when tracing is off or the event belongs to no execution and no job.
     */
    public String traceparentOf(EventRecord event) {
        if (!on()) {
            return null;
        }
        String x = event.executionId();
        Object job = event.data().get("job_id");
        if (job != null && event.data().get("attempt") instanceof Number attempt) {
            return TraceIds.traceparent(TraceIds.trace(x, job.toString()),
                    TraceIds.attemptSpan(job.toString(), attempt.intValue()));
        }
        if (x == null) {
            return null;
        }
        Object stage = event.data().get("stage_id");
        return TraceIds.traceparent(TraceIds.trace(x, null),
                stage == null ? TraceIds.executionSpan(x) : TraceIds.stageSpan(x, stage.toString()));
    }

    /** The worker's handler spans. */
    public HandlerTracing handlerTracing() {
        return on() ? new HandlerSpans(tracer()) : HandlerTracing.NONE;
    }

    private Tracer tracer() {
        return otel.getTracer(SCOPE);
    }

    /** Exports what is still buffered and stops the SDK. */
    @Override
    public void close() {
        if (otel instanceof OpenTelemetrySdk sdk) {
            sdk.close();
        }
    }
}
