package io.meridian.store.postgres;

import io.meridian.store.StoreException;
import io.meridian.store.jdbc.Dialect;
import io.meridian.store.jdbc.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What PostgreSQL does its own way: instants are TIMESTAMPTZ, an identity column {@code seq} orders rows inserted
 * in the same instant, and concurrent writers lock the rows they delete. Beyond the dialect, the store keeps a few
 * statements of its own where PostgreSQL can do one statement's work for a whole batch (arrays unnested into
 * rows: {@link JobStateUpdates}, {@link StageRows}, {@link ExecutionRows}), its leadership and lock SQL judged by
 * {@code clock_timestamp()}, and retention in one statement.
 */
final class PostgresDialect implements Dialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();
    static final Rows ROWS = Rows.of(INSTANCE);

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        PgColumns.setInstant(ps, index, value);
    }

    @Override
    public Instant getInstant(ResultSet rs, int index) throws SQLException {
        return PgColumns.getInstant(rs, index);
    }

    @Override
    public String onConflict(List<String> key, List<String> update) {
        String target = "ON CONFLICT (" + String.join(", ", key) + ") ";
        return update.isEmpty() ? target + "DO NOTHING" : target + "DO UPDATE SET "
                + String.join(", ", update.stream().map(c -> c + " = excluded." + c).toList());
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
        return PostgresErrors.translate(failure, where, action);
    }
}
