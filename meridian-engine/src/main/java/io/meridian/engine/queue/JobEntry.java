package io.meridian.engine.queue;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.JobState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The engine's mutable view of a live job. Only touched while holding the engine's state lock (except {@link
 * #payload}, see there).
 *
 * <p>Millions of these can wait in a deep queue, so an entry keeps only what scheduling needs, compactly
 * (docs/architecture/queue.md, "What is in memory"): its spec without the payload, shared with every equal job
 * ({@link SpecInterner}); times as nanoseconds since the epoch in primitive fields rather than {@link Instant}
 * objects; the progress log only once a handler writes one. The payload stays in the store until the job is
 * handed out.
 */
public final class JobEntry {
    /** The id in {@link CompactJobIds}' form, as two longs (with {@link #idText} null) ... */
    private final long idHigh;
    private final long idLow;
    /** ... or as it is, when it has another form. */
    private final String idText;
    /** Without its payload; possibly shared with other jobs (never changed). */
    final JobSpec spec;
    /**
     * The payload until the write that inserts the job is durable (until then the job may be written again, and
     * its first row must carry the payload whichever write inserts it); null afterwards, when the store has it.
     * Cleared by the committer's thread, hence volatile: no state is derived from it under the lock.
     */
    volatile JsonNode payload;
    final long createdNanos;
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
    long updatedNanos;
    /** Identifies this job's current place in the ready queue; stale queue tickets carry an older value. */
    long queueSeq;
    /** When the job last became ready: ageing and FIFO order count from here ({@link #UNSET} when never). */
    long readySinceNanos = UNSET;
    /** The handler's latest progress message and recent log lines, while it runs (kept in memory only). */
    String progress;
    /** Created with the first log line: most jobs never log, and a deep queue must not pay for an empty deque. */
    ArrayDeque<String> log;

    static final long UNSET = Long.MIN_VALUE;

    JobEntry(String id, JobSpec spec, JsonNode payload, Instant createdAt) {
        long high = CompactJobIds.high(id);
        long low = high < 0 ? -1 : CompactJobIds.low(id);
        if (low >= 0) {
            this.idHigh = high;
            this.idLow = low;
            this.idText = null;
        } else {
            this.idHigh = 0;
            this.idLow = 0;
            this.idText = id;
        }
        this.spec = spec;
        this.payload = payload;
        this.createdNanos = nanos(createdAt);
        this.updatedNanos = createdNanos;
    }

    /** A stored job back in memory: the store has its payload, so none is kept. */
    static JobEntry fromRecord(JobRecord r, SpecInterner specs) {
        JobEntry e = new JobEntry(r.id(), specs.intern(r.spec()), null, r.createdAt());
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
        e.updatedNanos = s.updatedAt() == null ? e.createdNanos : nanos(s.updatedAt());
        return e;
    }

    /**
     * The job as a store row. Its spec carries the payload only while the job's insert is not yet durable; later
     * writes change the state alone (a stored job's spec never changes), so they need none.
     */
    public JobRecord toRecord() {
        return new JobRecord(id(), spec.withPayload(payload), new JobState(status, attempt, failures, lostAttempts,
                notBefore, workerId, leaseExpiresAt, deadline, result, error, instant(updatedNanos)),
                instant(createdNanos));
    }

    /** The id; made anew from its compact form on each call (a queued job keeps no String of it). */
    public String id() {
        return idText != null ? idText : CompactJobIds.text(idHigh, idLow);
    }

    /** Whether this job's id is {@code id}, given that id's compact form (see {@link LiveJobs}). */
    boolean hasId(String id, boolean compact, long high, long low) {
        return compact ? idText == null && idHigh == high && idLow == low : id.equals(idText);
    }

    boolean sameId(JobEntry other) {
        return idText != null ? idText.equals(other.idText)
                : other.idText == null && idHigh == other.idHigh && idLow == other.idLow;
    }

    /** The hash of this job's id, as {@link #idHash(String)} gives for its text. */
    int idHash() {
        return idText != null ? idText.hashCode() : CompactJobIds.hash(idHigh, idLow);
    }

    static int idHash(String id) {
        long high = CompactJobIds.high(id);
        long low = high < 0 ? -1 : CompactJobIds.low(id);
        return low >= 0 ? CompactJobIds.hash(high, low) : id.hashCode();
    }

    /** What the job is, without its payload (the store holds it: {@code Store#payloads}). */
    public JobSpec spec() {
        return spec;
    }

    /** The payload when it is still in memory (its insert not yet durable), else null: read it from the store. */
    public JsonNode pendingPayload() {
        return payload;
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
        return log == null ? List.of() : List.copyOf(log);
    }

    public Instant createdAt() {
        return instant(createdNanos);
    }

    /** When the job last became ready to run (ageing and placement's patience count from here), or null. */
    public Instant readySince() {
        return readySinceNanos == UNSET ? null : instant(readySinceNanos);
    }

    /** An instant as nanoseconds since the epoch: exact for the years 1678 to 2261. */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
