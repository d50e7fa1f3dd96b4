package io.meridian.worker.runtime;

import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;

/**
 * Wraps each handler call in a span, child of the trace context the coordinator put in the grant. Implemented by
 * the tracing module; the worker itself knows no tracing library, and with {@link #NONE} it does no work per job.
 */
public interface HandlerTracing {

    /** No spans: the grant's own trace context is still handed on to the handler (and http_request). */
    HandlerTracing NONE = (grant, workerId) -> null;

    /**
     * Starts the span of the handler call of {@code grant}, which carries a traceparent; null when not traced.
     * Called on the job's own thread, just before the handler runs.
     */
    HandlerSpan start(LeaseGrant grant, String workerId);

    /** The span of one handler call. */
    interface HandlerSpan {

        /** The W3C traceparent naming this span, for calls the handler makes (http_request sends it on). */
        String traceparent();

        /** Ends the span with the attempt's outcome. Called on the same thread as {@link #start}. */
        void end(JobReport outcome);
    }
}
