package io.meridian.store.jdbc;

import io.meridian.store.StoreWrite;
import io.meridian.store.schedule.ScheduleRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code schedules} table, shared by every SQL store: one row per schedule, the whole record as a JSON
 * document beside its id. Schedules change a few times a minute at most, so a document keeps the schema to one
 * migration per store while the record grows.
 */
public final class ScheduleRows {

    public static final String SELECT_ALL = "SELECT record FROM schedules ORDER BY id";
    private static final String DELETE = "DELETE FROM schedules WHERE id = ?";

    private final String upsert;
    /** The last write per schedule id in the batch being collected: a put or a delete (null). */
    private final Map<String, ScheduleRecord> pending = new LinkedHashMap<>();

    public ScheduleRows(Dialect dialect) {
        this.upsert = dialect.upsert("schedules", List.of("id", "record"), List.of("id"), List.of("record"));
    }

    /** Takes a schedule write into the batch; false for any other kind of write. */
    public boolean collect(StoreWrite write) {
        switch (write) {
            case StoreWrite.PutSchedule(ScheduleRecord s) -> {
                pending.remove(s.id()); // keeps the batch order of the last write
                pending.put(s.id(), s);
                return true;
            }
            case StoreWrite.DeleteSchedule(String id) -> {
                pending.remove(id);
                pending.put(id, null);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Writes what was collected, in the caller's transaction, and forgets it (also when writing fails). */
    public void flush(Connection c) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try (PreparedStatement put = c.prepareStatement(upsert); PreparedStatement delete = c.prepareStatement(DELETE)) {
            for (Map.Entry<String, ScheduleRecord> e : pending.entrySet()) {
                if (e.getValue() == null) {
                    Columns.setText(delete, 1, e.getKey());
                    delete.executeUpdate();
                } else {
                    Columns.setText(put, 1, e.getKey());
                    Columns.setJson(put, 2, e.getValue());
                    put.executeUpdate();
                }
            }
        } finally {
            pending.clear();
        }
    }

    /** How many schedule rows the batch will write. */
    public int size() {
        return pending.size();
    }

    /** Forgets what was collected (the batch failed before it was written). */
    public void clear() {
        pending.clear();
    }

    public static ScheduleRecord read(java.sql.ResultSet rs) throws SQLException {
        return Columns.getJson(rs, 1, ScheduleRecord.class);
    }
}
