package io.meridian.store.mariadb;

import static io.meridian.store.mariadb.MariaDbDialect.NOW_MILLIS;

import io.meridian.store.leader.FencedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes a deposed leader's writes impossible. Once {@link #fence} is set, every write transaction begins by
 * reading the leadership row in share mode and proceeds only if it still holds this epoch and has not expired.
 * A takeover (or a resign, or a renewal) changes that row, and must wait for every transaction holding it in
 * share mode to end: a commit that passed the check finishes before any change of leader becomes visible, and a
 * commit that starts after a takeover reads the new epoch and is refused. Expiry is judged by the database clock,
 * like the lease itself.
 */
final class EpochFence {

    private static final long NONE = -1;
    private static final String CHECK = "SELECT epoch, expires > " + NOW_MILLIS
            + " FROM leadership WHERE id = 1 LOCK IN SHARE MODE";

    private volatile long epoch = NONE;

    void fence(long epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("a leadership epoch starts at 1, got " + epoch);
        }
        this.epoch = epoch;
    }

    /** Throws {@link FencedException} unless this store's epoch is the current, unexpired term. */
    void check(Connection c, String where) throws SQLException {
        long mine = epoch;
        if (mine == NONE) {
            return;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CHECK)) {
            if (!rs.next()) {
                throw new FencedException("write refused: no leadership row in " + where);
            }
            long current = rs.getLong(1);
            boolean live = rs.getBoolean(2);
            if (current != mine || !live) {
                throw new FencedException("write refused: this node's leadership term " + mine + " is over ("
                        + (current != mine ? "term " + current + " has begun" : "its lease expired")
                        + " in " + where + "); nothing was written");
            }
        }
    }
}
