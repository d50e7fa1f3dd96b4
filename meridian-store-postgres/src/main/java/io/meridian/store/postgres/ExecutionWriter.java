package io.meridian.store.postgres;

import io.meridian.model.execution.StageRun;
import io.meridian.store.ExecutionChanges;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a batch's execution changes inside the caller's transaction, each kind as one statement: whole executions
 * (headers, then their old stages deleted), status headers, then every stage row at once. A status or stage of an
 * execution that is not stored is refused with the execution named, and the caller rolls the batch back.
 */
final class ExecutionWriter {

    private ExecutionWriter() {}

    static void write(Connection c, ExecutionChanges changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        if (!changes.executions().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(ExecutionRows.UPSERT)) {
                for (ExecutionRecord e : changes.executions()) {
                    ExecutionRows.bind(ps, e);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Object[] ids = changes.executions().stream().map(ExecutionRecord::id).toArray();
            Sql.update(c, StageRows.DELETE_OF_EXECUTIONS, ps -> ps.setArray(1, c.createArrayOf("text", ids)));
        }
        if (!changes.statuses().isEmpty()) {
            List<StoreWrite.PutExecutionStatus> statuses = List.copyOf(changes.statuses());
            List<String> sent = statuses.stream().map(StoreWrite.PutExecutionStatus::executionId).toList();
            requireStored(sent, returning(c, ExecutionRows.UPDATE_STATUSES,
                    ps -> ExecutionRows.bindStatuses(ps, statuses)));
        }
        List<StageRows.Row> rows = stageRows(changes);
        if (!rows.isEmpty()) {
            List<String> sent = rows.stream().map(StageRows.Row::executionId).toList();
            requireStored(sent, returning(c, StageRows.UPSERT, ps -> StageRows.bind(ps, rows)));
        }
    }

    /**
     * The stages of whole executions, then single stage writes, each (execution, stage) once with its last
     * value: one upsert statement may not touch the same row twice.
     */
    private static List<StageRows.Row> stageRows(ExecutionChanges changes) {
        Map<List<String>, StageRows.Row> rows = new LinkedHashMap<>();
        for (ExecutionRecord e : changes.executions()) {
            e.stages().values().forEach(run -> rows.put(List.of(e.id(), run.stageId()),
                    new StageRows.Row(e.id(), run)));
        }
        for (Map.Entry<String, Map<String, StageRun>> of : changes.stages().entrySet()) {
            of.getValue().values().forEach(run -> rows.put(List.of(of.getKey(), run.stageId()),
                    new StageRows.Row(of.getKey(), run)));
        }
        return new ArrayList<>(rows.values());
    }

    private static List<String> returning(Connection c, String sql, Sql.Binder binder) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static void requireStored(List<String> sent, List<String> written) {
        if (written.size() == sent.size()) {
            return;
        }
        Map<String, Integer> left = new HashMap<>();
        written.forEach(id -> left.merge(id, 1, Integer::sum));
        TreeSet<String> missing = new TreeSet<>();
        for (String id : sent) {
            if (left.merge(id, -1, Integer::sum) < 0) {
                missing.add(id);
            }
        }
        throw new StoreException("rejected batch: no execution to update (not stored: "
                + String.join(", ", missing.stream().limit(10).toList()) + ")");
    }
}
