package io.meridian.store.postgres;

import io.meridian.store.StorageFullException;
import io.meridian.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns PostgreSQL and pool failures into messages an operator can act on, naming the database. */
final class PostgresErrors {

    /** SQLSTATE disk_full: PostgreSQL could not extend a file. */
    static final String DISK_FULL = "53100";

    private PostgresErrors() {}

    static StoreException translate(Throwable failure, String where, String action) {
        if (failure instanceof StoreException already) {
            return already;
        }
        SQLException sql = findSqlException(failure);
        if (sql == null) {
            return new StoreException(action + " failed on PostgreSQL at " + where + ": " + failure, failure);
        }
        String message = describe(sql, where, action) + ": " + detail(sql);
        return DISK_FULL.equals(sql.getSQLState()) ? new StorageFullException(message, failure)
                : new StoreException(message, failure);
    }

    private static String describe(SQLException sql, String where, String action) {
        if (sql instanceof SQLTransientConnectionException) {
            return "PostgreSQL at " + where + " is unreachable (no connection became available) while " + action;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (isConnectionLoss(state)) {
            return "lost the connection to PostgreSQL at " + where + " while " + action
                    + " (if it broke during COMMIT the changes may have been applied; every write is an upsert, so "
                    + "retrying is safe)";
        }
        return switch (state) {
            case "23505" -> "rejected batch: a unique key is already taken in " + where + " while " + action;
            case "23502" -> "rejected batch: a required field is missing while " + action;
            case "25006" -> "PostgreSQL at " + where + " is read-only (a standby after a failover, or "
                    + "default_transaction_read_only is on) while " + action;
            case DISK_FULL -> "storage full: PostgreSQL at " + where + " is out of disk space while " + action;
            case "40001", "40P01" -> "conflict with a concurrent transaction at " + where + " while " + action
                    + "; nothing was applied, retry";
            case "57014" -> "PostgreSQL at " + where + " cancelled the statement (statement_timeout?) while " + action;
            case "28P01", "28000" -> "PostgreSQL at " + where + " refused the user name or password";
            case "3D000" -> "the database in " + where + " does not exist";
            default -> "PostgreSQL error " + state + " at " + where + " while " + action;
        };
    }

    /** Class 08 is a connection exception; 57P01-57P03 are shutdowns, the server going away under us. */
    static boolean isConnectionLoss(String sqlState) {
        return sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03");
    }

    /** The driver's message, and for a pool timeout the failure of the last connection attempt. */
    private static String detail(SQLException sql) {
        Throwable cause = sql.getCause();
        return cause == null || cause.getMessage() == null ? sql.getMessage()
                : sql.getMessage() + " (" + cause.getMessage() + ")";
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
