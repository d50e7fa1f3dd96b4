package io.meridian.store.embedded;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.ExecutionChanges;
import io.meridian.store.JobRecord;
import io.meridian.store.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one connection that writes. SQLite serialises writers anyway; owning a single connection lets its
 * prepared statements be reused for every batch. Not thread-safe: {@link SqliteStore} calls it under a lock.
 */
final class SqliteWriter implements AutoCloseable {

    private final Connection connection;
    private final Statement control;
    private final ExecutionWriter executions;
    private final PreparedStatement updateJobState;
    private final PreparedStatement upsertJob;
    private final PreparedStatement putPipeline;
    private final PreparedStatement putCheckpoint;

    SqliteWriter(Connection connection) throws SQLException {
        this.connection = connection;
        this.control = connection.createStatement();
        this.executions = new ExecutionWriter(connection);
        this.updateJobState = connection.prepareStatement(JobRows.UPDATE_STATE);
        this.upsertJob = connection.prepareStatement(JobRows.UPSERT);
        this.putPipeline = connection.prepareStatement(
                "INSERT INTO pipelines (id, version, definition, created) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
        this.putCheckpoint = connection.prepareStatement(CheckpointRows.UPSERT);
    }

    /** Applies the writes in one transaction, after {@code precondition} (the fence check) passed inside it. */
    void commit(List<StoreWrite> writes, TxWork<?> precondition) throws SQLException {
        inTransaction(() -> {
            precondition.run(connection);
            boolean pipelines = false;
            boolean checkpoints = false;
            ExecutionChanges executionChanges = new ExecutionChanges();
            List<JobRecord> jobs = new ArrayList<>(writes.size());
            for (StoreWrite write : writes) {
                switch (write) {
                    case StoreWrite.PutExecution e -> executionChanges.add(e);
                    case StoreWrite.PutExecutionStatus s -> executionChanges.add(s);
                    case StoreWrite.PutStage s -> executionChanges.add(s);
                    case StoreWrite.PutJob(var job) -> jobs.add(job);
                    case StoreWrite.PutPipeline(var pipeline) -> {
                        putPipeline.setString(1, pipeline.id());
                        putPipeline.setInt(2, pipeline.version());
                        putPipeline.setString(3, StoreJson.MAPPER.writeValueAsString(pipeline));
                        putPipeline.setLong(4, System.currentTimeMillis());
                        putPipeline.addBatch();
                        pipelines = true;
                    }
                    case StoreWrite.PutCheckpoint(var checkpoint) -> {
                        CheckpointRows.bind(putCheckpoint, checkpoint);
                        putCheckpoint.addBatch();
                        checkpoints = true;
                    }
                }
            }
            if (checkpoints) {
                putCheckpoint.executeBatch();
            }
            executions.write(executionChanges);
            if (pipelines) {
                putPipeline.executeBatch();
            }
            writeJobs(jobs);
            return null;
        });
    }

    /**
     * Most writes move an existing job to a new state, so try a state-only UPDATE first and insert, with the
     * serialised spec, only the jobs it did not find. The insert is an upsert in case one batch holds a new
     * job twice; every job keeps its last write because each statement applies in batch order.
     */
    private void writeJobs(List<JobRecord> jobs) throws SQLException {
        if (jobs.isEmpty()) {
            return;
        }
        for (JobRecord job : jobs) {
            JobRows.bindUpdate(updateJobState, job);
            updateJobState.addBatch();
        }
        int[] updated = updateJobState.executeBatch();
        boolean anyMissing = false;
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                JobRows.bindUpsert(upsertJob, jobs.get(i));
                upsertJob.addBatch();
                anyMissing = true;
            }
        }
        if (anyMissing) {
            upsertJob.executeBatch();
        }
    }

    /** Deletes old jobs in these states; returns how many of each state went. */
    Map<JobStatus, Long> deleteJobs(Set<JobStatus> statuses, Instant olderThan) throws SQLException {
        String where = "status IN (" + Columns.placeholders(statuses.size()) + ") AND updated < ?";
        List<Object> params = new ArrayList<>();
        statuses.forEach(s -> params.add(s.name()));
        params.add(olderThan.toEpochMilli());
        return inTransaction(() -> {
            Map<JobStatus, Long> gone = new EnumMap<>(JobStatus.class);
            JobDeletion.delete(connection, where, params, gone);
            return gone;
        });
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Work inside a transaction of the writer connection. */
    interface TxWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in its own transaction on the writer connection. */
    <T> T transaction(TxWork<T> work) throws SQLException {
        return inTransaction(() -> work.run(connection));
    }

    /**
     * The connection stays in auto-commit mode and the transaction is explicit: the driver's own transaction
     * handling would start the next one straight after a commit and hold the write lock between batches.
     */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        control.execute("BEGIN IMMEDIATE");
        try {
            T result = work.run();
            control.execute("COMMIT");
            return result;
        } catch (SQLException | RuntimeException e) {
            clearBatches();
            try {
                control.execute("ROLLBACK");
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private void clearBatches() {
        try {
            executions.clearBatches();
            updateJobState.clearBatch();
            upsertJob.clearBatch();
            putPipeline.clearBatch();
            putCheckpoint.clearBatch();
        } catch (SQLException ignored) {
            // the statements are closed with the connection if it is broken
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
