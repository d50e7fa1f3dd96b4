package io.meridian.worker.runtime;

import io.meridian.model.json.Json;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.state.CheckpointLink;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.worker.sdk.Locks;
import io.meridian.worker.sdk.TaskContext;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The context one running job's handler sees. */
final class JobContext implements TaskContext {
    private final LeaseGrant grant;
    private final java.time.InstantSource clock;
    private final TaskResources resources;
    private final TaskStateProtocol taskState;
    private final Locks locks;
    private final UpstreamOutputs upstream;
    private ObjectNode dependencies;
    private volatile boolean cancelled;
    /** The handler span's context when the worker traces, else the grant's; null when the grant has none. */
    private volatile String traceparent;
    private volatile String progress;
    private volatile String reportedProgress;
    private final java.util.concurrent.ConcurrentLinkedQueue<String> log = new java.util.concurrent.ConcurrentLinkedQueue<>();

    JobContext(LeaseGrant grant, TaskResources resources, TaskStateProtocol taskState, UpstreamOutputs upstream,
               String workerId) {
        this(grant, resources, taskState, upstream, workerId, java.time.InstantSource.system());
    }

    /** With {@code clock} the time the grant's deadline is compared with: the coordinator's, which set it. */
    JobContext(LeaseGrant grant, TaskResources resources, TaskStateProtocol taskState, UpstreamOutputs upstream,
               String workerId, java.time.InstantSource clock) {
        this.grant = grant;
        this.clock = clock;
        this.resources = resources;
        this.taskState = taskState;
        this.upstream = upstream;
        this.traceparent = grant.traceparent();
        // one owner per delivery, so a lock taken by an earlier attempt of this job is not mistaken for ours
        this.locks = new ProtocolLocks(taskState, workerId + "/" + grant.lease().jobId() + "#" + grant.lease().attempt());
    }

    @Override
    public java.util.Optional<String> traceparent() {
        return java.util.Optional.ofNullable(traceparent);
    }

    /** The worker's own handler span replaces the grant's context as the parent of the handler's calls. */
    void traceparent(String value) {
        this.traceparent = value;
    }

    @Override
    public Locks locks() {
        return locks;
    }

    @Override
    public void checkpoint(String checkpointId, JsonNode metadata) {
        if (grant.executionId() == null) {
            throw new IllegalStateException("job " + grant.lease().jobId() + " was submitted straight to the queue: "
                    + "it has no execution to link checkpoint '" + checkpointId + "' to");
        }
        taskState.linkCheckpoint(new CheckpointLink(grant.executionId(), checkpointId, grant.stageId(), metadata));
    }

    @Override
    public ObjectNode config() {
        JsonNode c = grant.payload() == null ? null : grant.payload().get("config");
        return c instanceof ObjectNode o ? o : Json.object();
    }

    /**
     * Resolved on first use, once per job: the payload names the upstream stages ({@code dependency_refs}) and the
     * outputs come from the worker's cache. Each job gets its own copy, so a handler that changes it changes
     * nothing another job (or the coordinator, in-process) sees. A payload with inline {@code dependencies} (a job
     * queued by an older coordinator, or submitted straight to the queue with them) is used as it is.
     */
    @Override
    public synchronized ObjectNode dependencies() {
        if (dependencies == null) {
            dependencies = resolveDependencies();
        }
        return dependencies;
    }

    private ObjectNode resolveDependencies() {
        JsonNode payload = grant.payload() == null ? Json.object() : grant.payload();
        if (payload.get("dependencies") instanceof ObjectNode inline) {
            return inline;
        }
        ObjectNode out = Json.object();
        JsonNode refs = payload.path("dependency_refs");
        if (refs.isEmpty()) {
            return out;
        }
        if (grant.executionId() == null) {
            throw new IllegalStateException("job " + grant.lease().jobId() + " refers to upstream stages " + refs
                    + " but belongs to no execution");
        }
        for (JsonNode ref : refs) {
            out.set(ref.asString(), upstream.get(grant.executionId(), ref.asString()).deepCopy());
        }
        return out;
    }

    @Override
    public JsonNode payload() {
        return grant.payload() == null ? Json.object() : grant.payload();
    }

    @Override
    public JsonNode item() {
        return grant.payload() == null ? null : grant.payload().get("item");
    }

    @Override
    public String idempotencyKey() {
        return grant.idempotencyKey();
    }

    @Override
    public String jobId() {
        return grant.lease().jobId();
    }

    @Override
    public int attempt() {
        return grant.lease().attempt();
    }

    @Override
    public Instant deadline() {
        return grant.deadline();
    }

    @Override
    public String secret(String name) {
        return resources.secret(name);
    }

    @Override
    public java.util.Set<String> secretsReferencedAt(String pointer) {
        JsonNode refs = grant.payload() == null ? null : grant.payload().get("secret_refs");
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (refs != null) {
            refs.properties().forEach(e -> {
                if (e.getKey().equals(pointer) || e.getKey().startsWith(pointer + "/")) {
                    e.getValue().forEach(n -> names.add(n.asString()));
                }
            });
        }
        return names;
    }

    @Override
    public <T> T resource(String name, Class<T> type) {
        Object r = resources.resource(name);
        return type.isInstance(r) ? type.cast(r) : null;
    }

    @Override
    public boolean isCancelled() {
        return cancelled || Thread.currentThread().isInterrupted()
                || (grant.deadline() != null && clock.instant().isAfter(grant.deadline()));
    }

    @Override
    public void progress(String message) {
        this.progress = message;
    }

    @Override
    public void log(String line) {
        if (line != null && log.size() < 1000) {
            log.add(line.length() > 2000 ? line.substring(0, 2000) + "…" : line);
        }
    }

    /** Progress and log lines not yet reported, or null when there is nothing new. */
    io.meridian.protocol.lease.JobReport.Progress newProgress() {
        String p = progress;
        java.util.List<String> lines = new java.util.ArrayList<>();
        String line;
        while ((line = log.poll()) != null) {
            lines.add(line);
        }
        if (lines.isEmpty() && java.util.Objects.equals(p, reportedProgress)) {
            return null;
        }
        reportedProgress = p;
        return new io.meridian.protocol.lease.JobReport.Progress(grant.lease(), p, lines);
    }

    void cancel() {
        cancelled = true;
    }

    String lastProgress() {
        return progress;
    }
}
