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

/** PostgreSQL's instant column, TIMESTAMPTZ, bound one by one or as array text; and lease lengths. */
final class PgColumns {

    private PgColumns() {}

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

    /** A lease length in microseconds, bound as {@code ? * interval '1 microsecond'}. */
    static long micros(Duration ttl, String what) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + ttl);
        }
        return ttl.toNanos() / 1000;
    }
}
