package io.meridian.store.mariadb;

import io.meridian.store.StoreException;
import io.meridian.store.jdbc.Columns;
import io.meridian.store.jdbc.Dialect;
import io.meridian.store.jdbc.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What MariaDB (and MySQL) do their own way: instants are epoch milliseconds in BIGINT columns, an
 * AUTO_INCREMENT {@code seq} orders rows inserted in the same instant, an upsert is {@code ON DUPLICATE KEY
 * UPDATE}, a SELECT without a table reads {@code FROM DUAL}, and concurrent writers lock the rows they delete.
 */
final class MariaDbDialect implements Dialect {

    static final MariaDbDialect INSTANCE = new MariaDbDialect();
    static final Rows ROWS = Rows.of(INSTANCE);

    /**
     * The database's clock in epoch milliseconds. SYSDATE, not NOW: the time the expression runs, not the start
     * of the statement (which may have waited for a row lock). The session time zone is UTC (see the opener),
     * so the conversion never meets a daylight-saving gap.
     */
    static final String NOW_MILLIS = "CAST(UNIX_TIMESTAMP(SYSDATE(3)) * 1000 AS SIGNED)";

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        Columns.setEpochMillis(ps, index, value);
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        return Columns.getEpochMillis(rs, index);
    }

    /**
     * ON DUPLICATE KEY UPDATE fires on a collision with any unique key, not only {@code key}: an execution whose
     * request id another execution holds would otherwise overwrite that other execution. So the update first
     * sets each key column to itself if it matches the new row, and to NULL (refused: keys are NOT NULL, and the
     * session is strict) if it does not; the batch fails and is rolled back, as on the other databases.
     */
    @Override
    public String onConflict(List<String> key, List<String> update) {
        List<String> set = new ArrayList<>();
        key.forEach(k -> set.add(k + " = IF(" + k + " <=> VALUES(" + k + "), " + k + ", NULL)"));
        update.forEach(c -> set.add(c + " = VALUES(" + c + ")"));
        return "ON DUPLICATE KEY UPDATE " + String.join(", ", set);
    }

    /**
     * MariaDB has no ON CONFLICT DO NOTHING. INSERT IGNORE skips a row that repeats a unique key and reports no row
     * changed (ON DUPLICATE KEY UPDATE would report the row found as changed). IGNORE also turns a value too long
     * for its column into a truncation warning even in strict mode, so it is only used where values are bounded
     * before they get here (token names are at most 64 characters, hashes 64 hex digits).
     */
    @Override
    public String insertIfAbsent(String table, List<String> columns) {
        return "INSERT IGNORE INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + Columns.placeholders(columns.size()) + ")";
    }

    @Override
    public String noTable() {
        return " FROM DUAL";
    }

    @Override
    public String insertionOrder() {
        return "seq";
    }

    @Override
    public String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public StoreException translate(Throwable failure, String where, String action) {
        return MariaDbErrors.translate(failure, where, action);
    }

    /** InnoDB breaks a deadlock by rolling one transaction back whole (concurrent first inserts of a key can). */
    @Override
    public boolean rolledBackWhole(Throwable failure) {
        return MariaDbErrors.isDeadlock(failure);
    }
}
