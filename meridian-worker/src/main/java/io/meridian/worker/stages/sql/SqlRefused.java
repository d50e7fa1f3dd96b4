package io.meridian.worker.stages.sql;

/** A statement {@code database_write} will not run, with the reason. */
public final class SqlRefused extends Exception {
    public SqlRefused(String message) {
        super(message, null, false, false);
    }
}
