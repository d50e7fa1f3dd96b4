package io.meridian.client;

import io.meridian.model.codec.PipelineJson;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.protocol.api.CheckpointView;
import io.meridian.protocol.api.EventPage;
import io.meridian.protocol.api.ExecutionList;
import io.meridian.protocol.api.ExecutionView;
import io.meridian.protocol.api.JobSubmission;
import io.meridian.protocol.api.JobView;
import io.meridian.protocol.api.QueueStatsView;
import io.meridian.protocol.api.WorkerList;
import io.meridian.protocol.state.LockGrant;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Java client of the coordinator's REST API ({@code /v1}). Answers are records ({@code io.meridian.protocol.api});
 * only handlers' own data (inputs, outputs, results) stays JSON. Errors are an {@link ApiException} with the
 * API's status and code. Every execution start carries a request id (generated when the caller gives none), so a
 * retry after a lost response returns the same execution instead of starting another.
 */
public final class MeridianClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpTransport transport;

    public MeridianClient(CoordinatorAddresses coordinators, String token) {
        this(coordinators, token, Duration.ofSeconds(30));
    }

    /**
     * A client that gives up on unreachable coordinators after {@code retryBudget} (a federation region that is
     * down must fail over in seconds, not after the default half minute).
     */
    public MeridianClient(CoordinatorAddresses coordinators, String token, Duration retryBudget) {
        this.transport = new HttpTransport(coordinators, token, retryBudget);
    }

    // ---- executions ------------------------------------------------------------------------------------

    /** Starts a pipeline given as file text (JSON or YAML, by {@code fileName}'s extension). */
    public ExecutionView startExecution(String pipelineText, String fileName, JsonNode inputs, String requestId) {
        ObjectNode body = Json.object();
        body.put("pipeline_text", pipelineText);
        body.put("pipeline_file", fileName);
        body.set("inputs", inputs == null ? Json.object() : inputs);
        body.put("request_id", requestId == null ? UUID.randomUUID().toString() : requestId);
        return call("POST", "/v1/executions", body, ExecutionView.class);
    }

    /**
     * Starts {@code pipeline} (built with {@code Pipeline.builder} or read with {@code PipelineReader}) with these
     * inputs (null: none). The coordinator validates it against the stage types its workers have; a refusal is an
     * {@link ApiException} whose {@link ApiException#problems()} lists each problem.
     */
    public ExecutionView start(Pipeline pipeline, JsonNode inputs) {
        return startExecution(Json.write(PipelineJson.toJson(pipeline)), pipeline.id() + ".json", inputs, null);
    }

    /**
     * Waits until the execution has ended (succeeded, failed or cancelled) and returns it, asking the coordinator
     * every 50 ms at first and at most every second after.
     *
     * @throws TimeoutException if it is still running after {@code timeout}; the execution goes on
     */
    public ExecutionView await(String executionId, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 50;
        while (true) {
            ExecutionView view = execution(executionId);
            long left = deadline - System.nanoTime();
            if (view.hasEnded()) {
                return view;
            }
            if (left <= 0) {
                throw new TimeoutException("execution " + executionId + " is still " + view.status() + " after "
                        + timeout.toMillis() + " ms");
            }
            Thread.sleep(Math.min(pauseMillis, Math.max(1, left / 1_000_000)));
            pauseMillis = Math.min(1000, pauseMillis * 2);
        }
    }

    public ExecutionView execution(String id) {
        return call("GET", "/v1/executions/" + encode(id), null, ExecutionView.class);
    }

    /** The newest executions. */
    public ExecutionList executions(int limit) {
        return executions(ExecutionFilter.newest(limit));
    }

    /** One page of executions matching the filter, newest first. */
    public ExecutionList executions(ExecutionFilter filter) {
        return call("GET", "/v1/executions" + filter.queryString(), null, ExecutionList.class);
    }

    /** {@code action} is cancel, pause or resume; answers the execution after it. */
    public ExecutionView executionAction(String id, String action) {
        return call("POST", "/v1/executions/" + encode(id) + "/" + action, Json.object(), ExecutionView.class);
    }

    /** The execution's checkpoints, oldest first. */
    public List<CheckpointView> checkpoints(String executionId) {
        return call("GET", "/v1/executions/" + encode(executionId) + "/checkpoints", null, Checkpoints.class).items();
    }

    /** Links a checkpoint to an execution ({@code stageId} and {@code metadata} may be null). */
    public CheckpointView linkCheckpoint(String executionId, String checkpointId, String stageId, JsonNode metadata) {
        ObjectNode body = Json.object().put("checkpoint_id", checkpointId).put("stage_id", stageId);
        body.set("metadata", metadata);
        return call("POST", "/v1/executions/" + encode(executionId) + "/checkpoints", body, CheckpointView.class);
    }

    // ---- locks -----------------------------------------------------------------------------------------

    /** Takes a leased lock. While another holder has it this throws an {@link ApiException} 409 {@code lock_held}. */
    public LockGrant acquireLock(String resource, String owner, Duration ttl) {
        return call("POST", "/v1/locks", Json.object().put("resource", resource).put("owner", owner)
                .put("ttl_ms", ttl.toMillis()), LockGrant.class);
    }

    /** Held locks whose resource starts with {@code prefix} (null for all). */
    public List<LockGrant> locks(String prefix, int limit) {
        return call("GET", "/v1/locks?limit=" + limit + (prefix == null ? "" : "&prefix=" + Paths.query(prefix)), null,
                Locks.class).items();
    }

    /** The lock's holder; an {@link ApiException} with status 404 when it is free. */
    public LockGrant lock(String resource) {
        return call("GET", Paths.lock(resource), null, LockGrant.class);
    }

    /** Moves the lock's expiry to now + {@code ttl}; an {@link ApiException} with 404 or 409 as for release. */
    public LockGrant extendLock(String resource, String lockId, Duration ttl) {
        return call("POST", Paths.lock(resource) + "/extend", Json.object().put("lock_id", lockId)
                .put("ttl_ms", ttl.toMillis()), LockGrant.class);
    }

    /** Releases the lock; an {@link ApiException} with 404 if it is free, 409 if another lock id holds it. */
    public void releaseLock(String resource, String lockId) {
        transport.send("DELETE", Paths.lock(resource) + "?lock_id=" + Paths.query(lockId), null, TIMEOUT);
    }

    // ---- workers and queue -----------------------------------------------------------------------------

    public WorkerList workers() {
        return call("GET", "/v1/workers", null, WorkerList.class);
    }

    public QueueStatsView queueStats() {
        return call("GET", "/v1/queue/stats", null, QueueStatsView.class);
    }

    /** Stops handing out jobs, of one type or ({@code type} null) all; answers the stats after it. */
    public QueueStatsView pauseQueue(String type) {
        return call("POST", "/v1/queue/pause" + typeQuery(type), Json.object(), QueueStatsView.class);
    }

    public QueueStatsView resumeQueue(String type) {
        return call("POST", "/v1/queue/resume" + typeQuery(type), Json.object(), QueueStatsView.class);
    }

    /** Cancels every waiting and delayed job; answers how many. */
    public long drainQueue() {
        return call("POST", "/v1/queue/drain", Json.object(), Drained.class).cancelled();
    }

    /** Deletes finished jobs in these states older than the age given; answers how many. */
    public long cleanQueue(List<String> states, long olderThanSeconds) {
        ObjectNode body = Json.object();
        states.forEach(body.putArray("states")::add);
        body.put("older_than_seconds", olderThanSeconds);
        return call("POST", "/v1/queue/clean", body, Cleaned.class).deleted();
    }

    /** Jobs in these states ({@code statuses} comma-separated), oldest first. */
    public List<JobView> jobs(String statuses, int limit) {
        return call("GET", "/v1/queue/jobs?status=" + encode(statuses) + "&limit=" + limit, null, Jobs.class).jobs();
    }

    public JobView job(String id) {
        return call("GET", "/v1/queue/jobs/" + encode(id), null, JobView.class);
    }

    /** Puts jobs straight in the queue, durably and in one request; answers their ids in the same order. */
    public List<String> submitJobs(List<JobSubmission> jobs) {
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("jobs");
        jobs.forEach(j -> array.add(submission(j)));
        return call("POST", "/v1/queue/jobs", body, Submitted.class).ids();
    }

    private static ObjectNode submission(JobSubmission j) {
        ObjectNode o = Json.object().put("type", j.type());
        if (j.payload() != null) {
            o.set("payload", j.payload());
        }
        if (j.priority() != null) {
            o.put("priority", j.priority());
        }
        if (j.timeoutSeconds() != null) {
            o.put("timeout_seconds", j.timeoutSeconds());
        }
        if (j.placement() != null) {
            o.putObject("placement").put("strategy", j.placement().strategy())
                    .put("affinity_key", j.placement().affinityKey());
        }
        return o;
    }

    // ---- events ---------------------------------------------------------------------------------------

    /** One page of events (CloudEvents 1.0), oldest first; with a wait, a long poll for the first one. */
    public EventPage events(EventFilter filter) {
        return events(filter, null);
    }

    /** A page of events, giving up after {@code retryBudget} (null: the client's own). */
    private EventPage events(EventFilter filter, Duration retryBudget) {
        Duration timeout = TIMEOUT.plusMillis(filter.waitMillis());
        String path = "/v1/events" + filter.queryString();
        return retryBudget == null ? transport.sendTolerant("GET", path, null, timeout, EventPage.class)
                : transport.sendTolerant("GET", path, null, timeout, EventPage.class, retryBudget);
    }

    /**
     * Delivers every event after {@code filter.after()} matching it to {@code listener} as events commit, until
     * the subscription is closed: across lost connections and leader changes, without a gap or a repeat.
     */
    public EventSubscription subscribe(EventFilter filter, EventListener listener) {
        // One attempt per poll: the subscription retries by itself, and its listener hears of a lost stream at
        // once instead of after the client's whole retry budget.
        return new EventSubscription(f -> events(f, Duration.ZERO), filter, listener);
    }

    /**
     * The event sinks of the leader: {@code {last_sequence, sinks: [{name, type, destination, delivering, cursor,
     * lag, dead_letters}]}}.
     */
    public JsonNode sinks() {
        return transport.send("GET", "/v1/events/sinks", null, TIMEOUT);
    }

    /** {@code {sink, dead_letters: [{sequence, attempts, error, failed_at}], next}}: oldest first, after a sequence. */
    public JsonNode deadLetters(String sink, long after, int limit) {
        return transport.send("GET", "/v1/events/sinks/" + encode(sink) + "/dead-letters?after=" + after + "&limit="
                + limit, null, TIMEOUT);
    }

    /**
     * Sends a dead letter once more (admin token); answers when the broker took it and the dead letter is gone, or
     * throws an {@link ApiException} (502 {@code sink_failed}: it failed again and stays).
     */
    public JsonNode replayDeadLetter(String sink, long sequence) {
        return transport.send("POST", "/v1/events/sinks/" + encode(sink) + "/dead-letters/" + sequence + "/replay",
                null, TIMEOUT.plusSeconds(30));
    }

    /** Forgets a dead letter without sending it (admin token). */
    public void discardDeadLetter(String sink, long sequence) {
        transport.send("DELETE", "/v1/events/sinks/" + encode(sink) + "/dead-letters/" + sequence, null, TIMEOUT);
    }

    // ---- schedules (answered as the API's JSON documents) ------------------------------------------------

    /** {@code {items: [schedule]}}, by id. */
    public JsonNode schedules() {
        return transport.send("GET", "/v1/schedules", null, TIMEOUT);
    }

    /** Creates a schedule from its snake_case definition; answers the stored schedule. */
    public JsonNode createSchedule(JsonNode definition) {
        return transport.send("POST", "/v1/schedules", definition, TIMEOUT);
    }

    /** {@code pause} or {@code resume}; answers the schedule (404 as an {@link ApiException} when unknown). */
    public JsonNode scheduleAction(String id, String action) {
        return transport.send("POST", "/v1/schedules/" + encode(id) + "/" + encode(action), null, TIMEOUT);
    }

    public void deleteSchedule(String id) {
        transport.send("DELETE", "/v1/schedules/" + encode(id), null, TIMEOUT);
    }

    // ---- raw access ------------------------------------------------------------------------------------

    /**
     * A route this client has no typed method for, answered as JSON: the federation routes, through which a
     * coordinator runs a stage in a remote region and whose answers carry that region's results as they are.
     */
    public JsonNode get(String path) {
        return transport.send("GET", path, null, TIMEOUT);
    }

    /** As {@link #get}, for a POST with a JSON body. */
    public JsonNode post(String path, Object body) {
        return transport.send("POST", path, body, TIMEOUT);
    }

    /** As {@link #post(String, Object)}, with extra request headers (a {@code traceparent}, say). */
    public JsonNode post(String path, Object body, java.util.Map<String, String> headers) {
        return transport.send("POST", path, body, TIMEOUT, headers, JsonNode.class);
    }

    private <T> T call(String method, String path, Object body, Class<T> type) {
        return transport.sendTolerant(method, path, body, TIMEOUT, type);
    }

    private static String typeQuery(String type) {
        return type == null ? "" : "?type=" + encode(type);
    }

    private static String encode(String s) {
        return Paths.segment(s);
    }

    // The envelopes of list and count answers: the client returns what they hold.
    private record Checkpoints(List<CheckpointView> items) {}

    private record Locks(List<LockGrant> items) {}

    private record Jobs(List<JobView> jobs) {}

    private record Submitted(List<String> ids) {}

    private record Drained(long cancelled) {}

    private record Cleaned(long deleted) {}
}
