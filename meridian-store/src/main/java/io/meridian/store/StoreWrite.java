package io.meridian.store;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import java.time.Instant;
import java.util.List;

/**
 * One change in a batch that {@link Store#commit} applies atomically.
 *
 * <p>An execution is stored as a header (pipeline, inputs, status, timestamps) plus one row per stage, so that a
 * change to one stage writes that stage and a few header columns, never the whole execution: a chain of N stages
 * costs O(N) to write in total, not O(N²). {@link PutExecution} writes everything once, when an execution
 * starts; {@link PutExecutionStatus} and {@link PutStage} write what changed afterwards.
 */
public sealed interface StoreWrite {

    /**
     * Inserts or replaces an execution: its header and every stage (stages stored before but absent from the
     * record are removed). Costs O(stages): meant for an execution's first write.
     */
    record PutExecution(ExecutionRecord execution) implements StoreWrite {}

    /**
     * Sets the status, error and last-update time of a stored execution, leaving its pipeline, inputs, request id
     * and stages as they are. A batch naming an execution that is not stored (nor put earlier in the batch) is
     * refused whole.
     */
    record PutExecutionStatus(String executionId, ExecutionStatus status, String error, Instant updatedAt)
            implements StoreWrite {}

    /**
     * Inserts or replaces one stage of a stored execution (keyed by {@link StageRun#stageId()}), leaving its other
     * stages as they are. A batch naming an execution that is not stored (nor put earlier in the batch) is refused
     * whole.
     */
    record PutStage(String executionId, StageRun stage) implements StoreWrite {}

    /** Inserts a job, or replaces its state (a job's spec never changes). */
    record PutJob(JobRecord job) implements StoreWrite {}

    /** Registers a pipeline version (id + version is the key; a registered version never changes). */
    record PutPipeline(io.meridian.model.pipeline.Pipeline pipeline) implements StoreWrite {}

    /** Links a checkpoint to its execution (execution id + checkpoint id is the key; a repeat replaces it). */
    record PutCheckpoint(io.meridian.store.query.Checkpoint checkpoint) implements StoreWrite {}

    /**
     * Appends events to the outbox, in the same transaction as the rest of the batch. The first event's sequence
     * must be one more than the store's last committed sequence and each next one more again: a batch that would
     * leave a gap or repeat a number is refused whole, so readers never see a hole they could take for loss.
     */
    record AppendEvents(List<io.meridian.store.event.EventRecord> events) implements StoreWrite {
        public AppendEvents {
            events = List.copyOf(events);
        }
    }

    /** Inserts or replaces a schedule (keyed by its id), with how far it has fired. */
    record PutSchedule(io.meridian.store.schedule.ScheduleRecord schedule) implements StoreWrite {}

    /** Deletes a schedule; deleting one that is not stored changes nothing. */
    record DeleteSchedule(String scheduleId) implements StoreWrite {}

    static List<StoreWrite> of(StoreWrite... writes) {
        return List.of(writes);
    }
}
