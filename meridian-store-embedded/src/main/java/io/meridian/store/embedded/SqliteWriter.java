package io.meridian.store.embedded;

import io.meridian.store.StoreWrite;
import io.meridian.store.jdbc.BatchWriter;
import io.meridian.store.jdbc.Rows;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The one connection that writes. SQLite serialises writers anyway; owning a single connection lets the shared
 * {@link BatchWriter}'s prepared statements be reused for every batch. Not thread-safe: {@link SqliteStore}
 * calls it under a lock.
 */
final class SqliteWriter implements AutoCloseable {

    private final Connection connection;
    private final Statement control;
    private final BatchWriter batches;

    SqliteWriter(Connection connection, Rows rows) throws SQLException {
        this.connection = connection;
        this.control = connection.createStatement();
        this.batches = new BatchWriter(connection, rows);
    }

    /** Applies the writes in one transaction, after {@code precondition} (the fence check) passed inside it. */
    void commit(List<StoreWrite> writes, TxWork<?> precondition) throws SQLException {
        transaction(c -> {
            precondition.run(c);
            batches.write(writes);
            return null;
        });
    }

    /** Work inside a transaction of the writer connection. */
    interface TxWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in its own transaction on the writer connection. The connection stays in auto-commit
     * mode and the transaction is explicit: the driver's own transaction handling would start the next one
     * straight after a commit and hold the write lock between batches.
     */
    <T> T transaction(TxWork<T> work) throws SQLException {
        control.execute("BEGIN IMMEDIATE");
        try {
            T result = work.run(connection);
            control.execute("COMMIT");
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                control.execute("ROLLBACK");
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
