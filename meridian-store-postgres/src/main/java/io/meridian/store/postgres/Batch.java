package io.meridian.store.postgres;

import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionChanges;
import io.meridian.store.JobRecord;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import io.meridian.store.query.Checkpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A commit's writes grouped by table, each record once, in the order it first appeared. Collapsing repeats here
 * lets each table's writes go out as one multi-row statement (PostgreSQL refuses an upsert that touches the same
 * row twice) and gives the same result as applying the writes one by one:
 * <ul>
 *   <li>an execution's header, stages and status: as {@link ExecutionChanges} folds them;</li>
 *   <li>a checkpoint: the last write wins;</li>
 *   <li>a job: the first write's spec and creation time with the last write's state (a spec never changes);</li>
 *   <li>a pipeline version: the first registration wins (a registered version never changes).</li>
 * </ul>
 * Incomplete records are refused before anything is sent, with a message saying what is missing.
 */
final class Batch {

    final ExecutionChanges executions = new ExecutionChanges();
    final Map<String, JobRecord> jobs = new LinkedHashMap<>();
    final Map<List<Object>, Pipeline> pipelines = new LinkedHashMap<>();
    final Map<List<String>, Checkpoint> checkpoints = new LinkedHashMap<>();
    /** Schedules: the last write per id wins (a put or a delete). */
    final io.meridian.store.jdbc.ScheduleRows schedules = new io.meridian.store.jdbc.ScheduleRows(
            PostgresDialect.INSTANCE);
    /** Never collapsed: every event is its own row, in the order written. */
    final List<io.meridian.store.event.EventRecord> events = new java.util.ArrayList<>();

    static Batch of(List<StoreWrite> writes) {
        Batch batch = new Batch();
        writes.forEach(batch::add);
        return batch;
    }

    private void add(StoreWrite write) {
        switch (write) {
            case StoreWrite.PutExecution e -> executions.add(e);
            case StoreWrite.PutExecutionStatus s -> executions.add(s);
            case StoreWrite.PutStage s -> executions.add(s);
            case StoreWrite.PutJob(JobRecord j) -> {
                require(j != null && j.id() != null && j.spec() != null && j.spec().type() != null && j.state() != null
                        && j.state().status() != null && j.state().updatedAt() != null && j.createdAt() != null,
                        "incomplete job", j == null ? null : j.id());
                jobs.merge(j.id(), j, (first, last) -> first.with(last.state()));
            }
            case StoreWrite.PutPipeline(Pipeline p) -> {
                require(p != null && p.id() != null, "incomplete pipeline", p == null ? null : p.id());
                pipelines.putIfAbsent(List.of(p.id(), p.version()), p);
            }
            case StoreWrite.PutCheckpoint(Checkpoint c) -> {
                require(c != null && c.executionId() != null && c.checkpointId() != null && c.createdAt() != null,
                        "incomplete checkpoint", c == null ? null : c.executionId() + "/" + c.checkpointId());
                checkpoints.put(List.of(c.executionId(), c.checkpointId()), c);
            }
            case StoreWrite.AppendEvents(var appended) -> events.addAll(appended);
            case StoreWrite.PutSchedule s -> schedules.collect(s);
            case StoreWrite.DeleteSchedule d -> schedules.collect(d);
            case null -> throw new StoreException("rejected batch: a write is null");
        }
    }

    int size() {
        return executions.size() + jobs.size() + pipelines.size() + checkpoints.size() + events.size()
                + schedules.size();
    }

    /** Names the record by its id only: a payload can be large, and is no one's business in a log. */
    private static void require(boolean ok, String problem, String id) {
        if (!ok) {
            throw new StoreException("rejected batch: " + problem + " (id " + id + ")");
        }
    }
}
