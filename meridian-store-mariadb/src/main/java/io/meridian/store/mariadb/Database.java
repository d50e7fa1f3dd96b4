package io.meridian.store.mariadb;

import com.zaxxer.hikari.HikariDataSource;
import io.meridian.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool and the ways of using it: single statements in auto-commit mode, a transaction, or a
 * read-only snapshot. Every failure leaves here as a {@link StoreException} that names the database and what was
 * being done.
 */
final class Database implements AutoCloseable {

    /**
     * InnoDB picks a victim when two transactions wait on each other (concurrent first inserts of one key can)
     * and rolls it back whole, so running it again is safe. A few tries, then the conflict is reported.
     */
    private static final int DEADLOCK_TRIES = 3;

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
            throw MariaDbErrors.translate(e, where, action);
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or (on any exception) none of it. The pool
     * puts the connection back into auto-commit mode when it is returned.
     */
    <T> T transaction(String action, Work<T> work) {
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
                if (attempt < DEADLOCK_TRIES && MariaDbErrors.isDeadlock(e)) {
                    continue;
                }
                throw MariaDbErrors.translate(e, where, action);
            }
        }
    }

    /**
     * Runs read-only {@code work} in one REPEATABLE READ transaction, so that all its statements read the same
     * snapshot (an execution's header and its stages, read by two queries, belong together).
     */
    <T> T snapshot(String action, Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            throw MariaDbErrors.translate(e, where, action);
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
