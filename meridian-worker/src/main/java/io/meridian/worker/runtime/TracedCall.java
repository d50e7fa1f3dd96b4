package io.meridian.worker.runtime;

import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Runs one handler call inside its span (when traced) with the job's ids in the logging context, so JSON logs
 * carry {@code execution_id}, {@code stage_id}, {@code job_id} and {@code trace_id} for whatever the handler logs.
 */
final class TracedCall {

    private TracedCall() {}

    static JobReport run(HandlerTracing tracing, RunningJob job, String workerId, Supplier<JobReport> call) {
        LeaseGrant grant = job.grant;
        HandlerTracing.HandlerSpan span = grant.traceparent() == null || tracing == HandlerTracing.NONE ? null
                : tracing.start(grant, workerId);
        String traceparent = span == null ? grant.traceparent() : span.traceparent();
        if (span != null) {
            job.context.traceparent(traceparent);
        }
        putIds(grant, traceparent);
        JobReport outcome = null;
        try {
            outcome = call.get();
            return outcome;
        } finally {
            if (span != null) {
                span.end(outcome);
            }
            MDC.clear();
        }
    }

    private static void putIds(LeaseGrant grant, String traceparent) {
        MDC.put("job_id", grant.lease().jobId());
        if (grant.executionId() != null) {
            MDC.put("execution_id", grant.executionId());
        }
        if (grant.stageId() != null) {
            MDC.put("stage_id", grant.stageId());
        }
        // version-traceid-spanid-flags: the ids sit at fixed places
        if (traceparent != null && traceparent.length() >= 55) {
            MDC.put("trace_id", traceparent.substring(3, 35));
            MDC.put("span_id", traceparent.substring(36, 52));
        }
    }
}
