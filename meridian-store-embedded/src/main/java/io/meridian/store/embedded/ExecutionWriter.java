package io.meridian.store.embedded;

import io.meridian.model.execution.StageRun;
import io.meridian.store.ExecutionChanges;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch's execution changes on the writer connection, one statement batch per kind: whole executions
 * (header, definition, all stages), then status headers, then single stages. A status or stage of an execution
 * that is not stored changes no row; that refuses the batch, and the caller rolls it back.
 */
final class ExecutionWriter {

    private final PreparedStatement putHeader;
    private final PreparedStatement putDefinition;
    private final PreparedStatement deleteStages;
    private final PreparedStatement putStage;
    private final PreparedStatement putStatus;

    ExecutionWriter(Connection connection) throws SQLException {
        this.putHeader = connection.prepareStatement(ExecutionRows.UPSERT);
        this.putDefinition = connection.prepareStatement(ExecutionRows.UPSERT_DEFINITION);
        this.deleteStages = connection.prepareStatement(StageRows.DELETE_OF_EXECUTION);
        this.putStage = connection.prepareStatement(StageRows.UPSERT);
        this.putStatus = connection.prepareStatement(ExecutionRows.UPDATE_STATUS);
    }

    void write(ExecutionChanges changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        List<String> stageOwners = new ArrayList<>();
        for (ExecutionRecord e : changes.executions()) {
            ExecutionRows.bind(putHeader, e);
            putHeader.addBatch();
            ExecutionRows.bindDefinition(putDefinition, e);
            putDefinition.addBatch();
            deleteStages.setString(1, e.id());
            deleteStages.addBatch();
            for (StageRun run : e.stages().values()) {
                StageRows.bind(putStage, e.id(), run);
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
            ExecutionRows.bindStatus(putStatus, s);
            putStatus.addBatch();
            statusOwners.add(s.executionId());
        }
        if (!statusOwners.isEmpty()) {
            requireStored(putStatus.executeBatch(), statusOwners);
        }
        for (Map.Entry<String, Map<String, StageRun>> of : changes.stages().entrySet()) {
            for (StageRun run : of.getValue().values()) {
                StageRows.bind(putStage, of.getKey(), run);
                putStage.addBatch();
                stageOwners.add(of.getKey());
            }
        }
        if (!stageOwners.isEmpty()) {
            requireStored(putStage.executeBatch(), stageOwners);
        }
    }

    private static void requireStored(int[] updated, List<String> executionIds) {
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                throw new StoreException("rejected batch: no execution to update (execution " + executionIds.get(i)
                        + " is not stored)");
            }
        }
    }

    void clearBatches() throws SQLException {
        putHeader.clearBatch();
        putDefinition.clearBatch();
        deleteStages.clearBatch();
        putStage.clearBatch();
        putStatus.clearBatch();
    }
}
