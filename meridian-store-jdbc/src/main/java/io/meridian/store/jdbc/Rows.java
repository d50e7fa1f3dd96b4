package io.meridian.store.jdbc;

/** Every table's mapping in one dialect's types, built once per store. */
public record Rows(Dialect dialect, JobRows jobs, ExecutionRows executions, StageRows stages,
                   CheckpointRows checkpoints) {

    public static Rows of(Dialect dialect) {
        return new Rows(dialect, new JobRows(dialect), new ExecutionRows(dialect), new StageRows(dialect),
                new CheckpointRows(dialect));
    }
}
