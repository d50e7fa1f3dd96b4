package io.meridian.store.jdbc;

import io.meridian.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A database server's connection pool and the ways of using it: single statements in auto-commit mode, a
 * transaction, or a read-only snapshot. Every failure leaves here as a {@link StoreException} that names the
 * database and what was being done, in the dialect's words. (SQLite, with its one writer connection, runs its own
 * transactions.)
 */
public final class Database implements AutoCloseable {

    /** Work on a connection. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * A transaction the database rolled back whole to break a deadlock ran again at most this often in all: since
     * nothing of it applied, running it again is safe. Then the conflict is reported.
     */
    private static final int TRIES = 3;

    private final DataSource pool;
    private final AutoCloseable closer;
    private final Dialect dialect;
    private final String where;
    private volatile boolean closed;

    /** {@code closer} closes the pool (it is the pool, for Hikari). */
    public Database(DataSource pool, AutoCloseable closer, Dialect dialect, String where) {
        this.pool = pool;
        this.closer = closer;
        this.dialect = dialect;
        this.where = where;
    }

    public String where() {
        return where;
    }

    /** Runs {@code work} on a connection in auto-commit mode: each statement is its own transaction. */
    public <T> T autoCommit(String action, Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException | RuntimeException e) {
            throw dialect.translate(e, where, action);
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or (on any exception) none of it. The pool
     * puts the connection back into auto-commit mode when it is returned.
     */
    public <T> T transaction(String action, Work<T> work) {
        checkOpen();
        for (int attempt = 1; ; attempt++) {
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
                if (attempt < TRIES && dialect.rolledBackWhole(e)) {
                    continue;
                }
                throw dialect.translate(e, where, action);
            }
        }
    }

    /**
     * Runs read-only {@code work} in one REPEATABLE READ transaction, so that all its statements read the same
     * snapshot (an execution's header and its stages, read by two queries, belong together).
     */
    public <T> T snapshot(String action, Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            throw dialect.translate(e, where, action);
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
        try {
            closer.close();
        } catch (Exception e) {
            throw new StoreException("closing the connections to " + where + " failed: " + e.getMessage(), e);
        }
    }
}
