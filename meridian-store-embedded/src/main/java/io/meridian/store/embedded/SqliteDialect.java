package io.meridian.store.embedded;

import io.meridian.store.StoreException;
import io.meridian.store.jdbc.Columns;
import io.meridian.store.jdbc.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What SQLite does its own way: instants are epoch milliseconds in INTEGER columns, the implicit rowid orders rows
 * inserted in the same millisecond, and rows need no locks (the one writer connection holds the file's write
 * lock for the whole transaction).
 */
final class SqliteDialect implements Dialect {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        Columns.setEpochMillis(ps, index, value);
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        return Columns.getEpochMillis(rs, index);
    }

    @Override
    public String onConflict(List<String> key, List<String> update) {
        String target = "ON CONFLICT (" + String.join(", ", key) + ") ";
        return update.isEmpty() ? target + "DO NOTHING" : target + "DO UPDATE SET "
                + String.join(", ", update.stream().map(c -> c + " = excluded." + c).toList());
    }

    @Override
    public String insertionOrder() {
        return "rowid";
    }

    @Override
    public String forUpdate() {
        return "";
    }

    @Override
    public StoreException translate(Throwable failure, String where, String action) {
        return SqliteErrors.translate(failure, where, action);
    }
}
