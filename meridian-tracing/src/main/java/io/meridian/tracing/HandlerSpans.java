package io.meridian.tracing;

import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.worker.runtime.HandlerTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * The worker's side: each handler call becomes a span, child of the attempt span named in the grant, and is the
 * current context while the handler runs (a handler using the OpenTelemetry API itself nests under it).
 */
final class HandlerSpans implements HandlerTracing {
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    HandlerSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public HandlerSpan start(LeaseGrant grant, String workerId) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), grant.traceparent(),
                TRACEPARENT);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null; // a malformed traceparent: run untraced rather than start a stray trace
        }
        Span span = tracer.spanBuilder("handle " + grant.type()).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("meridian.job.id", grant.lease().jobId())
                .setAttribute("meridian.job.type", grant.type())
                .setAttribute("meridian.job.attempt", grant.lease().attempt())
                .setAttribute("meridian.worker.id", workerId)
                .startSpan();
        if (grant.executionId() != null) {
            span.setAttribute("meridian.execution.id", grant.executionId());
        }
        Scope scope = span.makeCurrent();
        SpanContext ctx = span.getSpanContext();
        String traceparent = "00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-" + ctx.getTraceFlags().asHex();
        return new HandlerSpan() {
            @Override
            public String traceparent() {
                return traceparent;
            }

            @Override
            public void end(JobReport outcome) {
                scope.close();
                if (outcome instanceof JobReport.Failed f) {
                    span.setAttribute("meridian.error.type", f.failure().type());
                    span.setStatus(StatusCode.ERROR, f.failure().message());
                } else if (outcome == null) {
                    span.setStatus(StatusCode.ERROR, "the handler call did not finish");
                }
                span.end();
            }
        };
    }
}
