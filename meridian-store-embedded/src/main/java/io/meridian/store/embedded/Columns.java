package io.meridian.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Binding and reading the column types the schema uses: epoch-millis instants and JSON text. */
final class Columns {

    private Columns() {}

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    static Instant getInstant(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static void setJson(PreparedStatement ps, int index, Object value) throws SQLException {
        ps.setString(index, value == null ? null : StoreJson.MAPPER.writeValueAsString(value));
    }

    static JsonNode getJson(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : StoreJson.MAPPER.readTree(text);
    }

    static <T> T getJson(ResultSet rs, int index, Class<T> type) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : StoreJson.MAPPER.readValue(text, type);
    }

    /** {@code ?,?,...} for an IN list. */
    static String placeholders(int count) {
        return "?" + ",?".repeat(Math.max(0, count - 1));
    }
}
