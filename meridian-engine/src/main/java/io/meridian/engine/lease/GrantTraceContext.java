package io.meridian.engine.lease;

/**
 * Gives each lease grant the W3C {@code traceparent} of its job attempt, so the worker's handler span joins the
 * execution's trace. Implemented outside the engine (the tracing module); the engine only carries the text.
 */
@FunctionalInterface
public interface GrantTraceContext {

    /** No tracing: grants carry no trace context and nothing is computed per job. */
    GrantTraceContext NONE = (executionId, stageId, jobId, attempt) -> null;

    /**
     * The {@code traceparent} header value naming the span of this attempt, or null to send none.
     *
     * @param executionId the job's execution, or null for a job submitted outside a pipeline
     * @param stageId     the job's stage, or null
     */
    String traceparent(String executionId, String stageId, String jobId, int attempt);
}
