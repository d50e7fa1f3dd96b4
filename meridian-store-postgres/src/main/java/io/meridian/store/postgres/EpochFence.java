package io.meridian.store.postgres;

import io.meridian.store.leader.FencedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes a deposed leader's writes impossible. Once {@link #fence} is set, every write transaction begins by
 * reading the leadership row FOR SHARE and proceeds only if it still holds this epoch and has not expired.
 * <p>
 * Why this is enough: a takeover (or a resign, or a renewal) is an UPDATE of that one row, and an UPDATE must
 * wait for every transaction holding the row FOR SHARE to end. So a commit that passed the check finishes before
 * any change of leader becomes visible, and a commit that starts after a takeover reads the new epoch and is
 * refused. There is no window in between: the check and the writes are one transaction, and the row lock is
 * held from the check to the commit. Expiry is judged by the database clock, like the lease itself.
 * <p>
 * The check costs one small statement in the same round trip sequence as the writes; it reads one row.
 */
final class EpochFence {

    private static final long NONE = -1;
    private static final String CHECK = "SELECT epoch, expires_at > clock_timestamp() FROM leadership FOR SHARE";

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
