package io.meridian.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.meridian.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool and the two ways of using it: a single statement in auto-commit mode, or a transaction.
 * Every failure leaves here as a {@link StoreException} that names the database and what was being done.
 */
final class Database implements AutoCloseable {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final String where;
    private volatile boolean closed;

    Database(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    String where() {
        return where;
    }

    /** Runs {@code work} on a connection in auto-commit mode: each statement is its own transaction. */
    <T> T autoCommit(String action, Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException | RuntimeException e) {
            throw PostgresErrors.translate(e, where, action);
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or (on any exception) none of it. The pool
     * puts the connection back into auto-commit mode when it is returned.
     */
    <T> T transaction(String action, Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw PostgresErrors.translate(e, where, action);
        }
    }

    /**
     * Runs read-only {@code work} in one REPEATABLE READ transaction, so that all its statements see the same
     * snapshot (an execution's header and its stages, read by two queries, belong together).
     */
    <T> T snapshot(String action, Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            throw PostgresErrors.translate(e, where, action);
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            // a broken connection: the server rolls the transaction back when the session ends
            failure.addSuppressed(rollbackFailure);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store at " + where + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
