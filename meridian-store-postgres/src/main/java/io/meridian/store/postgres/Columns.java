package io.meridian.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;

/** Binding and reading the column types the schema uses: TIMESTAMPTZ instants and JSON text. */
final class Columns {

    private Columns() {}

    /**
     * TIMESTAMPTZ keeps microseconds and PostgreSQL rounds anything finer; truncating here instead makes the
     * stored value predictable (it never moves forward past the instant that was written).
     */
    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    /** The same value as {@link #setInstant}, as text for an array parameter cast to {@code timestamptz[]}. */
    static String instantText(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS).toString();
    }

    static Instant getInstant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setJson(PreparedStatement ps, int index, Object value) throws SQLException {
        ps.setString(index, json(value));
    }

    static String json(Object value) {
        return value == null ? null : StoreJson.MAPPER.writeValueAsString(value);
    }

    static JsonNode getJson(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : StoreJson.MAPPER.readTree(text);
    }

    static <T> T getJson(ResultSet rs, int index, Class<T> type) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : StoreJson.MAPPER.readValue(text, type);
    }

    /**
     * PostgreSQL text cannot hold the NUL character, and one row holding it fails the whole commit batch: every
     * other client's writes with it. So every text column of a batch write goes through here and gets U+FFFD in
     * its place: free text such as a handler's error message, and ids too (the API refuses ids with NUL before
     * they get this far; this is the store's own guarantee). JSON documents escape NUL and are unaffected.
     */
    static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    /** A lease length in microseconds, bound as {@code ? * interval '1 microsecond'}. */
    static long micros(Duration ttl, String what) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + ttl);
        }
        return ttl.toNanos() / 1000;
    }
}
