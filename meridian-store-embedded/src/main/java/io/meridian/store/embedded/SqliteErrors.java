package io.meridian.store.embedded;

import io.meridian.store.StorageFullException;
import io.meridian.store.StoreException;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Turns SQLite failures into messages an operator can act on. */
final class SqliteErrors {

    private static final int BUSY = 5;
    private static final int LOCKED = 6;
    private static final int IOERR = 10;
    private static final int CORRUPT = 11;
    private static final int FULL = 13;
    private static final int CANTOPEN = 14;
    private static final int CONSTRAINT = 19;
    private static final int NOTADB = 26;

    private SqliteErrors() {}

    static StoreException translate(Throwable failure, Object file, String action) {
        SQLException sql = findSqlException(failure);
        if (sql == null) {
            return failure instanceof StoreException se ? se
                    : new StoreException(action + " failed at " + file + ": " + failure, failure);
        }
        int code = sql instanceof SQLiteException e ? e.getResultCode().code & 0xff : sql.getErrorCode() & 0xff;
        String message = switch (code) {
            case FULL -> "storage full: cannot write to " + file + " (disk or size limit reached)";
            case IOERR -> "I/O error at " + file;
            case CORRUPT, NOTADB -> file + " is not a SQLite database or is corrupt";
            case CANTOPEN -> "cannot open " + file + " (missing directory or no permission?)";
            case BUSY, LOCKED -> file + " is locked by another process";
            case CONSTRAINT -> "rejected batch: constraint violated";
            default -> "SQLite error at " + file;
        };
        String text = message + " while " + action + ": " + sql.getMessage();
        return code == FULL || outOfSpace(sql) ? new StorageFullException(text, failure)
                : new StoreException(text, failure);
    }

    /** A write that failed with ENOSPC surfaces as an I/O error whose message names it. */
    private static boolean outOfSpace(SQLException sql) {
        String m = sql.getMessage();
        return m != null && (m.contains("No space left on device") || m.contains("database or disk is full"));
    }

    private static SQLException findSqlException(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
