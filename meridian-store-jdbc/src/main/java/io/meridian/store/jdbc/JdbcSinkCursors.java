package io.meridian.store.jdbc;

import io.meridian.store.event.DeadLetter;
import io.meridian.store.event.SinkCursors;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Sink cursors as rows of {@code sink_cursors} and dead letters as rows of {@code sink_dead_letters}, for every SQL
 * store. Writes go through the store's fenced write path, so only the current leader moves a cursor.
 */
public final class JdbcSinkCursors implements SinkCursors {

    private static final List<String> LETTER_COLUMNS = List.of("sink", "sequence", "attempts", "error", "failed_at");

    private final Dialect dialect;
    private final JdbcTokens.Access writes;
    private final JdbcTokens.Access reads;
    private final String insertCursor;
    private final String upsertLetter;

    public JdbcSinkCursors(Dialect dialect, JdbcTokens.Access writes, JdbcTokens.Access reads) {
        this.dialect = dialect;
        this.writes = writes;
        this.reads = reads;
        this.insertCursor = dialect.insertIfAbsent("sink_cursors", List.of("sink", "sequence"));
        this.upsertLetter = dialect.upsert("sink_dead_letters", LETTER_COLUMNS, List.of("sink", "sequence"),
                List.of("attempts", "error", "failed_at"));
    }

    @Override
    public long position(String sink) {
        return reads.run("reading the cursor of sink '" + sink + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sequence FROM sink_cursors WHERE sink = ?")) {
                ps.setString(1, sink);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public void advance(String sink, long sequence) {
        writes.run("moving the cursor of sink '" + sink + "' to " + sequence, c -> {
            try (PreparedStatement insert = c.prepareStatement(insertCursor)) {
                insert.setString(1, sink);
                insert.setLong(2, sequence);
                if (insert.executeUpdate() == 1) {
                    return null;
                }
            }
            // the row existed: move it forward only, so a late or repeated write never rewinds a sink
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE sink_cursors SET sequence = ? WHERE sink = ? AND sequence < ?")) {
                update.setLong(1, sequence);
                update.setString(2, sink);
                update.setLong(3, sequence);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        writes.run("recording a dead letter of sink '" + letter.sink() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(upsertLetter)) {
                ps.setString(1, letter.sink());
                ps.setLong(2, letter.sequence());
                ps.setInt(3, letter.attempts());
                ps.setString(4, letter.error());
                dialect.setInstant(ps, 5, letter.failedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<DeadLetter> deadLetters(String sink, long after, int limit) {
        return reads.run("reading the dead letters of sink '" + sink + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", LETTER_COLUMNS)
                    + " FROM sink_dead_letters WHERE sink = ? AND sequence > ? ORDER BY sequence LIMIT ?")) {
                ps.setString(1, sink);
                ps.setLong(2, after);
                ps.setInt(3, Math.max(0, limit));
                List<DeadLetter> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new DeadLetter(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                dialect.getInstant(rs, 5)));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public long deadLetterCount(String sink) {
        return reads.run("counting the dead letters of sink '" + sink + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sink_dead_letters WHERE sink = ?")) {
                ps.setString(1, sink);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public boolean removeDeadLetter(String sink, long sequence) {
        return writes.run("removing dead letter " + sequence + " of sink '" + sink + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM sink_dead_letters WHERE sink = ? AND sequence = ?")) {
                ps.setString(1, sink);
                ps.setLong(2, sequence);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
