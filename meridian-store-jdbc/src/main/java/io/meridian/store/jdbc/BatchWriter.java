package io.meridian.store.jdbc;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.store.ExecutionChanges;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one commit's writes inside the caller's transaction, one JDBC statement batch per kind of row, never a
 * round trip per row: checkpoints, whole executions (header, definition, all stages), status headers, single
 * stages, pipelines, jobs, then events. A status or stage of an execution that is not stored changes no row; that refuses
 * the batch, and the caller rolls it back. The statements are prepared once per connection, so a store with one
 * writer connection (SQLite) keeps one writer for good. Not thread-safe.
 */
public final class BatchWriter implements AutoCloseable {

    private final Rows rows;
    private final Connection connection;
    private final EventRows events;
    private final PreparedStatement putHeader;
    private final PreparedStatement putDefinition;
    private final PreparedStatement deleteStages;
    private final PreparedStatement putStage;
    private final PreparedStatement putStatus;
    private final PreparedStatement updateJobState;
    private final PreparedStatement upsertJob;
    private final PreparedStatement putPipeline;
    private final PreparedStatement putCheckpoint;
    private final ScheduleRows schedules;

    public BatchWriter(Connection connection, Rows rows) throws SQLException {
        this.rows = rows;
        this.connection = connection;
        this.events = new EventRows(rows);
        this.putHeader = connection.prepareStatement(rows.executions().upsert());
        this.putDefinition = connection.prepareStatement(rows.executions().upsertDefinition());
        this.deleteStages = connection.prepareStatement(StageRows.DELETE_OF_EXECUTION);
        this.putStage = connection.prepareStatement(rows.stages().upsert());
        this.putStatus = connection.prepareStatement(ExecutionRows.UPDATE_STATUS);
        this.updateJobState = connection.prepareStatement(JobRows.UPDATE_STATE);
        this.upsertJob = connection.prepareStatement(rows.jobs().upsert());
        // a registered pipeline version never changes: the first registration wins
        this.putPipeline = connection.prepareStatement(rows.dialect().upsert("pipelines",
                List.of("id", "version", "definition", "created"), List.of("id", "version"), List.of()));
        this.putCheckpoint = connection.prepareStatement(rows.checkpoints().upsert());
        this.schedules = new ScheduleRows(rows.dialect());
    }

    /** Applies the writes; on failure clears what was queued, and the caller rolls the transaction back. */
    public void write(List<StoreWrite> writes) throws SQLException {
        try {
            writeAll(writes);
        } catch (SQLException | RuntimeException e) {
            clearBatches();
            throw e;
        }
    }

    private void writeAll(List<StoreWrite> writes) throws SQLException {
        boolean pipelines = false;
        boolean checkpoints = false;
        ExecutionChanges executionChanges = new ExecutionChanges();
        List<JobRecord> jobs = new ArrayList<>(writes.size());
        List<io.meridian.store.event.EventRecord> appended = new ArrayList<>();
        for (StoreWrite write : writes) {
            switch (write) {
                case StoreWrite.PutExecution e -> executionChanges.add(e);
                case StoreWrite.PutExecutionStatus s -> executionChanges.add(s);
                case StoreWrite.PutStage s -> executionChanges.add(s);
                case StoreWrite.PutJob(var job) -> jobs.add(job);
                case StoreWrite.PutPipeline(var pipeline) -> {
                    Columns.setText(putPipeline, 1, pipeline.id());
                    putPipeline.setInt(2, pipeline.version());
                    Columns.setJson(putPipeline, 3, pipeline);
                    rows.dialect().setInstant(putPipeline, 4, Instant.now());
                    putPipeline.addBatch();
                    pipelines = true;
                }
                case StoreWrite.PutCheckpoint(var checkpoint) -> {
                    rows.checkpoints().bind(putCheckpoint, checkpoint);
                    putCheckpoint.addBatch();
                    checkpoints = true;
                }
                case StoreWrite.AppendEvents(var batch) -> appended.addAll(batch);
                case StoreWrite.PutSchedule s -> schedules.collect(s);
                case StoreWrite.DeleteSchedule d -> schedules.collect(d);
            }
        }
        if (checkpoints) {
            putCheckpoint.executeBatch();
        }
        writeExecutions(executionChanges);
        if (pipelines) {
            putPipeline.executeBatch();
        }
        writeJobs(jobs);
        schedules.flush(connection);
        events.append(connection, appended);
    }

    private void writeExecutions(ExecutionChanges changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        List<String> stageOwners = new ArrayList<>();
        for (ExecutionRecord e : changes.executions()) {
            rows.executions().bind(putHeader, e);
            putHeader.addBatch();
            rows.executions().bindDefinition(putDefinition, e);
            putDefinition.addBatch();
            Columns.setText(deleteStages, 1, e.id());
            deleteStages.addBatch();
            for (StageRun run : e.stages().values()) {
                rows.stages().bind(putStage, e.id(), run);
                putStage.addBatch();
                stageOwners.add(e.id());
            }
        }
        if (!changes.executions().isEmpty()) {
            putHeader.executeBatch();
            putDefinition.executeBatch();
            deleteStages.executeBatch();
        }
        List<String> statusOwners = new ArrayList<>();
        for (StoreWrite.PutExecutionStatus s : changes.statuses()) {
            rows.executions().bindStatus(putStatus, s);
            putStatus.addBatch();
            statusOwners.add(s.executionId());
        }
        if (!statusOwners.isEmpty()) {
            requireStored(putStatus.executeBatch(), statusOwners);
        }
        for (Map.Entry<String, Map<String, StageRun>> of : changes.stages().entrySet()) {
            for (StageRun run : of.getValue().values()) {
                rows.stages().bind(putStage, of.getKey(), run);
                putStage.addBatch();
                stageOwners.add(of.getKey());
            }
        }
        if (!stageOwners.isEmpty()) {
            requireStored(putStage.executeBatch(), stageOwners);
        }
    }

    /**
     * Most writes move a stored job to a new state: those go out as state-only UPDATEs, so a large payload is not
     * serialised and sent again on every transition. Fresh submissions (waiting, delayed or paused, never
     * attempted) and any job the UPDATE did not find go out as upserts with their spec, in batch order, so that
     * jobs created in the same instant keep their order; a wrong guess costs a statement, never correctness. Each
     * job is written once, with the first write's spec and creation time and the last write's state (a spec never
     * changes), so the two statements can never apply one job's writes out of order.
     */
    private void writeJobs(List<JobRecord> writes) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        Map<String, JobRecord> jobs = new LinkedHashMap<>();
        for (JobRecord job : writes) {
            jobs.merge(job.id(), job, (first, last) -> first.with(last.state()));
        }
        List<JobRecord> stored = jobs.values().stream().filter(j -> !looksNew(j)).toList();
        Set<String> found = new HashSet<>();
        if (!stored.isEmpty()) {
            for (JobRecord job : stored) {
                rows.jobs().bindUpdate(updateJobState, job);
                updateJobState.addBatch();
            }
            int[] updated = updateJobState.executeBatch();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] != 0) {
                    found.add(stored.get(i).id());
                }
            }
        }
        boolean anyInsert = false;
        for (JobRecord job : jobs.values()) {
            if (!found.contains(job.id())) {
                rows.jobs().bindUpsert(upsertJob, job);
                upsertJob.addBatch();
                anyInsert = true;
            }
        }
        if (anyInsert) {
            upsertJob.executeBatch();
        }
    }

    private static boolean looksNew(JobRecord job) {
        JobStatus status = job.state().status();
        return job.state().attempt() == 0
                && (status == JobStatus.WAITING || status == JobStatus.DELAYED || status == JobStatus.PAUSED);
    }

    /** A count of 0 means no row (so a store must not let its driver answer SUCCESS_NO_INFO for batches). */
    private static void requireStored(int[] updated, List<String> executionIds) {
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                throw new StoreException("rejected batch: no execution to update (execution " + executionIds.get(i)
                        + " is not stored)");
            }
        }
    }

    private void clearBatches() {
        try {
            putHeader.clearBatch();
            putDefinition.clearBatch();
            deleteStages.clearBatch();
            putStage.clearBatch();
            putStatus.clearBatch();
            updateJobState.clearBatch();
            upsertJob.clearBatch();
            putPipeline.clearBatch();
            putCheckpoint.clearBatch();
            schedules.clear();
        } catch (SQLException ignored) {
            // the statements are closed with the connection if it is broken
        }
    }

    /** Closes the statements (the connection is the caller's). */
    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : List.of(putHeader, putDefinition, deleteStages, putStage, putStatus,
                updateJobState, upsertJob, putPipeline, putCheckpoint)) {
            ps.close();
        }
    }
}
