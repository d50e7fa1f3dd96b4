package io.meridian.engine.queue;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.JobState;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The engine's mutable view of a live job. Only touched while holding the engine's state lock. */
public final class JobEntry {
    final String id;
    final JobSpec spec;
    final Instant createdAt;
    JobStatus status;
    int attempt;
    int failures;
    int lostAttempts;
    Instant notBefore;
    String workerId;
    Instant leaseExpiresAt;
    Instant deadline;
    JsonNode result;
    String error;
    Instant updatedAt;
    /** Identifies this job's current place in the ready queue; stale queue tickets carry an older value. */
    long queueSeq;
    /** When the job last became ready: ageing and FIFO order count from here. */
    Instant readySince;
    /** The handler's latest progress message and recent log lines, while it runs (kept in memory only). */
    String progress;
    final java.util.ArrayDeque<String> log = new java.util.ArrayDeque<>();

    JobEntry(String id, JobSpec spec, Instant createdAt) {
        this.id = id;
        this.spec = spec;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    static JobEntry fromRecord(JobRecord r) {
        JobEntry e = new JobEntry(r.id(), r.spec(), r.createdAt());
        JobState s = r.state();
        e.status = s.status();
        e.attempt = s.attempt();
        e.failures = s.failures();
        e.lostAttempts = s.lostAttempts();
        e.notBefore = s.notBefore();
        e.workerId = s.workerId();
        e.leaseExpiresAt = s.leaseExpiresAt();
        e.deadline = s.deadline();
        e.result = s.result();
        e.error = s.error();
        e.updatedAt = s.updatedAt();
        return e;
    }

    public JobRecord toRecord() {
        return new JobRecord(id, spec, new JobState(status, attempt, failures, lostAttempts, notBefore, workerId,
                leaseExpiresAt, deadline, result, error, updatedAt), createdAt);
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public JobStatus status() {
        return status;
    }

    public int attempt() {
        return attempt;
    }

    public JsonNode result() {
        return result;
    }

    public String error() {
        return error;
    }

    public String workerId() {
        return workerId;
    }

    public String progress() {
        return progress;
    }

    public List<String> recentLog() {
        return List.copyOf(log);
    }

    /** When the job last became ready to run (ageing and placement's patience count from here). */
    public Instant readySince() {
        return readySince;
    }
}
