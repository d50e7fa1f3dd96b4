package io.meridian.worker.sdk;

import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a handler gets to run one job. */
public interface TaskContext {

    /** The stage's config with templates resolved (secrets excepted: see {@link #secret}). */
    ObjectNode config();

    /**
     * Outputs of the stage's dependencies, by stage id (empty for jobs submitted straight to the queue). Jobs carry
     * references to these outputs, not copies: the worker reads them on first call (cached per worker, so the
     * jobs of one fan-out read each output once) and returns this job's own copy, which the handler may change.
     */
    ObjectNode dependencies();

    /**
     * The job's whole payload: config and item as above, the references to upstream outputs
     * ({@code dependency_refs}: stage ids; read them through {@link #dependencies()}), plus anything the
     * coordinator adds for built-in job types (a federated stage's section, say). Handlers of ordinary stages need
     * not look here.
     */
    default JsonNode payload() {
        return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    /** The fan-out element, or null when the stage has no foreach. */
    JsonNode item();

    /** Stable across attempts of the same job: execution id / stage id / item index. */
    String idempotencyKey();

    String jobId();

    /** 1 for the first delivery; grows with every delivery (retries and lost workers). */
    int attempt();

    /** When this attempt times out. */
    Instant deadline();

    /** Resolves a secret by name for immediate use; never put the value in an output or a log line. */
    String secret(String name);

    /**
     * Names of the secrets that the stage's own config references ({@code {{secrets.NAME}}}) at or under a JSON
     * pointer such as {@code /url} or {@code /headers}. A reference that arrived inside data (an input or an
     * upstream output) is not listed, so a handler that fills only these never leaks a secret on data's say-so.
     */
    java.util.Set<String> secretsReferencedAt(String pointer);

    /** Looks up a named resource the worker was configured with (a JDBC data source, say). */
    <T> T resource(String name, Class<T> type);

    /** True once the job was cancelled, its lease revoked, or its deadline passed: stop soon. */
    boolean isCancelled();

    /** A progress message shown to users (the latest one is kept). */
    void progress(String message);

    /** A log line for this job, shown with it while it runs (the coordinator keeps the last 100). */
    default void log(String line) {
    }

    /**
     * Leased locks on named resources, shared with every worker and client of the coordinator. The owner recorded
     * for a lock is this worker and job.
     *
     * @throws UnsupportedOperationException where the context has no coordinator to ask (a bare test context)
     */
    default Locks locks() {
        throw new UnsupportedOperationException("this task context has no coordinator connection for locks");
    }

    /**
     * Links a checkpoint (the id of state this task saved elsewhere: a model snapshot, an offset) to the job's
     * execution, durably; the execution document shows the latest as {@code checkpoint_id}. Linking the same id
     * again replaces it. {@code metadata} (any JSON, or null) is kept with it.
     *
     * @throws IllegalStateException for a job submitted straight to the queue, which has no execution
     */
    default void checkpoint(String checkpointId, JsonNode metadata) {
        throw new UnsupportedOperationException("this task context has no coordinator connection for checkpoints");
    }

    /**
     * The W3C {@code traceparent} of this job attempt's span when the coordinator traces executions (see the
     * observability docs): send it on in calls to other services so their spans join the execution's trace.
     */
    default java.util.Optional<String> traceparent() {
        return java.util.Optional.empty();
    }
}
