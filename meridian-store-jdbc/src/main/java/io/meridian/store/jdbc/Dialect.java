package io.meridian.store.jdbc;

import io.meridian.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What really differs between the SQL databases Meridian stores in; everything else (row mapping, queries, the
 * batch writer, text and JSON handling) is written once in this module against it. A dialect is small on purpose:
 * column types for instants, the upsert syntax, the column that orders rows inserted in the same instant, row
 * locking, and how errors are classified. Locks and leadership differ too much to share (each database has its
 * own way to read its clock and to serialise a takeover), so each store keeps those next to its dialect.
 */
public interface Dialect {

    /** The database's name for messages: "SQLite", "PostgreSQL", "MariaDB". */
    String name();

    /** Binds an instant (null allowed) in this database's instant column type. */
    void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException;

    /** Reads what {@link #setInstant} wrote; null for SQL NULL. */
    Instant getInstant(ResultSet rs, int index) throws SQLException;

    /**
     * The clause after an INSERT that, when a row with the same {@code key} exists, sets the {@code update}
     * columns to the values the INSERT carried (and with no {@code update} columns, leaves the row alone).
     */
    String onConflict(List<String> key, List<String> update);

    /** What follows {@code SELECT ?, ?} when it reads no table: nothing, or {@code FROM DUAL}. */
    default String noTable() {
        return "";
    }

    /** The column that orders rows created in the same instant by insertion: {@code rowid}, {@code seq}. */
    String insertionOrder();

    /** What a SELECT ends with to lock the rows it read until the transaction ends ("" if writers are serial). */
    String forUpdate();

    /** Turns a failure into a {@link StoreException} naming {@code where} and {@code action}. */
    StoreException translate(Throwable failure, String where, String action);

    /**
     * True if the database rolled the whole transaction back to break a deadlock, so that running it again is safe
     * (see {@link Database#transaction}). None by default.
     */
    default boolean rolledBackWhole(Throwable failure) {
        return false;
    }

    /** {@code INSERT INTO table (columns) VALUES (?, ...)} followed by {@link #onConflict}. */
    default String upsert(String table, List<String> columns, List<String> key, List<String> update) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + Columns.placeholders(columns.size()) + ") " + onConflict(key, update);
    }

    /**
     * {@code INSERT INTO table (columns) VALUES (?, ...)} that inserts nothing, and reports no row changed, when the
     * row would repeat the value of any unique key; other errors are still errors.
     */
    default String insertIfAbsent(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + Columns.placeholders(columns.size()) + ") ON CONFLICT DO NOTHING";
    }
}
