package io.meridian.engine.orchestrator;

/**
 * A start named a request id (idempotency key) that an earlier start used with a different pipeline or different
 * inputs. Returning the first execution would silently run the wrong thing, so the start is refused.
 */
public final class RequestIdConflict extends RuntimeException {
    private final String executionId;

    public RequestIdConflict(String requestId, String executionId, String difference) {
        super("request id '" + requestId + "' was already used to start execution " + executionId + " with "
                + difference + "; use a new request id for a different request (the same request with the same "
                + "id returns that execution)");
        this.executionId = executionId;
    }

    /** The execution the request id belongs to. */
    public String executionId() {
        return executionId;
    }
}
