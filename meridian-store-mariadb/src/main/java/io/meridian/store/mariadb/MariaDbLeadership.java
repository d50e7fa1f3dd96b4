package io.meridian.store.mariadb;

import static io.meridian.store.mariadb.MariaDbDialect.NOW_MILLIS;
import static io.meridian.store.mariadb.MariaDbLocks.select;
import static io.meridian.store.mariadb.MariaDbLocks.update;

import io.meridian.store.jdbc.Columns;
import io.meridian.store.jdbc.Database;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Leadership;
import io.meridian.store.leader.Term;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Leadership as the one row of the {@code leadership} table, judged by the database clock. A takeover reads the
 * row FOR UPDATE, so competing coordinators are serialised, and it waits for every commit still fenced by the old
 * term (those hold the row in share mode, see {@link EpochFence}).
 */
final class MariaDbLeadership implements Leadership {

    private record Current(String nodeId, long epoch, boolean live, long now) {}

    private final Database db;

    MariaDbLeadership(Database db) {
        this.db = db;
    }

    /**
     * Renews if this node holds the unexpired lease; otherwise takes an expired (or resigned) lease as a new term.
     * A node whose own lease lapsed also gets a new term: it may have stopped acting as leader meanwhile.
     */
    @Override
    public Optional<Term> acquire(String nodeId, String address, Duration ttl) {
        long millis = Columns.millis(ttl, "a leadership ttl");
        return db.transaction("acquiring leadership for " + nodeId, c -> {
            Current current = select(c, "SELECT node_id, epoch, expires > " + NOW_MILLIS + ", " + NOW_MILLIS
                    + " FROM leadership WHERE id = 1 FOR UPDATE",
                    rs -> new Current(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getLong(4))).getFirst();
            boolean mine = nodeId.equals(current.nodeId()) && current.live();
            if (current.live() && !mine) {
                return Optional.empty();
            }
            long epoch = mine ? current.epoch() : current.epoch() + 1;
            update(c, "UPDATE leadership SET node_id = ?, address = ?, epoch = ?, expires = ? WHERE id = 1",
                    nodeId, address, epoch, current.now() + millis);
            return Optional.of(new Term(nodeId, epoch));
        });
    }

    @Override
    public boolean renew(Term term, Duration ttl) {
        long millis = Columns.millis(ttl, "a leadership ttl");
        return db.autoCommit("renewing leadership term " + term.epoch(), c -> update(c, "UPDATE leadership SET "
                + "expires = " + NOW_MILLIS + " + ? WHERE id = 1 AND node_id = ? AND epoch = ? AND expires > "
                + NOW_MILLIS, millis, term.nodeId(), term.epoch())) == 1;
    }

    /** Ends the lease now (never extends one that already ended), so a successor need not wait for expiry. */
    @Override
    public void resign(Term term) {
        db.autoCommit("resigning leadership term " + term.epoch(), c -> update(c, "UPDATE leadership SET "
                + "expires = LEAST(expires, " + NOW_MILLIS + ") WHERE id = 1 AND node_id = ? AND epoch = ?",
                term.nodeId(), term.epoch()));
    }

    @Override
    public Optional<LeaderInfo> leader() {
        return db.autoCommit("reading the leader", c -> select(c, "SELECT node_id, address, epoch, expires "
                + "FROM leadership WHERE id = 1 AND node_id IS NOT NULL AND expires > " + NOW_MILLIS,
                MariaDbLeadership::read)).stream().findFirst();
    }

    private static LeaderInfo read(ResultSet rs) throws SQLException {
        return new LeaderInfo(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)));
    }
}
