package io.meridian.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Binding and reading the column types every SQL store shares: text, JSON text, and epoch-millisecond instants. */
public final class Columns {

    private Columns() {}

    /**
     * Text as every store writes it: NUL replaced by U+FFFD. PostgreSQL text cannot hold NUL at all (one row
     * holding it fails the whole commit batch, every other client's writes with it), MariaDB's utf8mb4 keeps it
     * but tools cut strings at it, SQLite's C API does too. So every text column of a write goes through here,
     * free text such as a handler's error message and ids alike (the API refuses ids with NUL before they get
     * this far; this is the store's own guarantee), and every store reads back the same. JSON documents escape
     * NUL and are unaffected.
     */
    public static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    public static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, text(value));
    }

    public static String json(Object value) {
        return value == null ? null : StoreJson.MAPPER.writeValueAsString(value);
    }

    public static void setJson(PreparedStatement ps, int index, Object value) throws SQLException {
        ps.setString(index, json(value));
    }

    public static JsonNode getJson(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : StoreJson.MAPPER.readTree(text);
    }

    public static <T> T getJson(ResultSet rs, int index, Class<T> type) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : StoreJson.MAPPER.readValue(text, type);
    }

    /** An instant as epoch milliseconds in an integer column (SQLite, MariaDB). */
    public static void setEpochMillis(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    public static Instant getEpochMillis(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** {@code ?,?,...} for an IN list. */
    public static String placeholders(int count) {
        return "?" + ",?".repeat(Math.max(0, count - 1));
    }

    /** A lease length in whole milliseconds, refused unless positive. */
    public static long millis(Duration ttl, String what) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + ttl);
        }
        return ttl.toMillis();
    }
}
