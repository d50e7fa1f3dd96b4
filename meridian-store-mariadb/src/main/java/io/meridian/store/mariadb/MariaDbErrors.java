package io.meridian.store.mariadb;

import io.meridian.store.StorageFullException;
import io.meridian.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns MariaDB and pool failures into messages an operator can act on, naming the database. */
final class MariaDbErrors {

    static final int DEADLOCK = 1213;
    private static final int DISK_FULL = 1021;
    private static final int TABLE_FULL = 1114;
    private static final int OUT_OF_SPACE = 3;

    private MariaDbErrors() {}

    static StoreException translate(Throwable failure, String where, String action) {
        if (failure instanceof StoreException already) {
            return already;
        }
        SQLException sql = find(failure);
        if (sql == null) {
            return new StoreException(action + " failed on MariaDB at " + where + ": " + failure, failure);
        }
        String message = describe(sql, where, action) + ": " + detail(sql);
        int code = sql.getErrorCode();
        return code == DISK_FULL || code == TABLE_FULL || code == OUT_OF_SPACE
                ? new StorageFullException(message, failure) : new StoreException(message, failure);
    }

    private static String describe(SQLException sql, String where, String action) {
        if (sql instanceof SQLTransientConnectionException) {
            return "MariaDB at " + where + " is unreachable (no connection became available) while " + action;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (isConnectionLoss(state)) {
            return "lost the connection to MariaDB at " + where + " while " + action
                    + " (if it broke during COMMIT the changes may have been applied; every write is an upsert, so "
                    + "retrying is safe)";
        }
        return switch (sql.getErrorCode()) {
            case 1062 -> "rejected batch: a unique key is already taken in " + where + " while " + action;
            case 1048 -> "rejected batch: a required field is missing, or a unique key (such as an execution's request "
                    + "id) is already taken in " + where + " while " + action;
            case 1406 -> "rejected batch: a value is too long for its column while " + action;
            case 1290, 1836 -> "MariaDB at " + where + " is read-only (a replica after a failover, or read_only is "
                    + "on) while " + action;
            case DISK_FULL, TABLE_FULL, OUT_OF_SPACE -> "storage full: MariaDB at " + where
                    + " is out of disk space while " + action;
            case DEADLOCK, 1205 -> "conflict with a concurrent transaction at " + where + " while " + action
                    + "; nothing was applied, retry";
            case 1969, 3024 -> "MariaDB at " + where + " cancelled the statement (max_statement_time?) while " + action;
            case 1045 -> "MariaDB at " + where + " refused the user name or password";
            case 1049 -> "the database in " + where + " does not exist (create it first: CREATE DATABASE ...)";
            default -> "MariaDB error " + sql.getErrorCode() + " (" + state + ") at " + where + " while " + action;
        };
    }

    /** SQLSTATE class 08 is a connection exception. */
    static boolean isConnectionLoss(String sqlState) {
        return sqlState.startsWith("08");
    }

    static boolean isDeadlock(Throwable failure) {
        SQLException sql = find(failure);
        return sql != null && sql.getErrorCode() == DEADLOCK;
    }

    /** The driver's message, and for a pool timeout the failure of the last connection attempt. */
    private static String detail(SQLException sql) {
        Throwable cause = sql.getCause();
        return cause == null || cause.getMessage() == null ? sql.getMessage()
                : sql.getMessage() + " (" + cause.getMessage() + ")";
    }

    static SQLException find(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
