package io.meridian.store;

import java.util.List;

/** One change in a batch that {@link Store#commit} applies atomically. */
public sealed interface StoreWrite {

    /** Inserts or replaces an execution. */
    record PutExecution(ExecutionRecord execution) implements StoreWrite {}

    /** Inserts a job, or replaces its state (a job's spec never changes). */
    record PutJob(JobRecord job) implements StoreWrite {}

    /** Registers a pipeline version (id + version is the key; a registered version never changes). */
    record PutPipeline(io.meridian.model.pipeline.Pipeline pipeline) implements StoreWrite {}

    /** Links a checkpoint to its execution (execution id + checkpoint id is the key; a repeat replaces it). */
    record PutCheckpoint(io.meridian.store.query.Checkpoint checkpoint) implements StoreWrite {}

    static List<StoreWrite> of(StoreWrite... writes) {
        return List.of(writes);
    }
}
