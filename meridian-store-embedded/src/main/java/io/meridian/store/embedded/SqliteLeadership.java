package io.meridian.store.embedded;

import io.meridian.store.leader.FencedException;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Leadership;
import io.meridian.store.leader.Term;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Leadership in the one-row {@code leadership} table. Only processes on this machine can open the file, so this
 * settles which of them leads (say, two coordinators started on one data directory); leadership across machines
 * needs the PostgreSQL store. Every change runs in a writer transaction, as do fenced commits, so a takeover and
 * a commit of the old term never interleave.
 */
final class SqliteLeadership implements Leadership {

    private static final String CURRENT = "SELECT node_id, address, epoch, expires FROM leadership "
            + "WHERE id = 1 AND node_id IS NOT NULL AND expires > ?";

    private final SqliteStore store;
    private final InstantSource clock;

    SqliteLeadership(SqliteStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<Term> acquire(String nodeId, String address, Duration ttl) {
        Instant now = now();
        return store.inTransaction("acquiring leadership", c -> {
            Optional<LeaderInfo> current = current(c, now);
            if (current.isPresent() && !current.get().nodeId().equals(nodeId)) {
                return Optional.empty();
            }
            // the same node renewing keeps its term; anyone taking a free or lapsed lease starts a new one
            String bump = current.isPresent() ? "epoch" : "epoch + 1";
            try (PreparedStatement take = c.prepareStatement("UPDATE leadership SET node_id = ?, address = ?, "
                    + "expires = ?, epoch = " + bump + " WHERE id = 1 RETURNING epoch")) {
                take.setString(1, nodeId);
                take.setString(2, address);
                take.setLong(3, now.plus(ttl).toEpochMilli());
                try (ResultSet rs = take.executeQuery()) {
                    rs.next();
                    return Optional.of(new Term(nodeId, rs.getLong(1)));
                }
            }
        });
    }

    @Override
    public boolean renew(Term term, Duration ttl) {
        Instant now = now();
        return store.inTransaction("renewing leadership", c -> {
            try (PreparedStatement renew = c.prepareStatement("UPDATE leadership SET expires = ? "
                    + "WHERE id = 1 AND node_id = ? AND epoch = ? AND expires > ?")) {
                renew.setLong(1, now.plus(ttl).toEpochMilli());
                renew.setString(2, term.nodeId());
                renew.setLong(3, term.epoch());
                renew.setLong(4, now.toEpochMilli());
                return renew.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void resign(Term term) {
        store.inTransaction("resigning leadership", c -> {
            try (PreparedStatement resign = c.prepareStatement("UPDATE leadership SET node_id = NULL, "
                    + "address = NULL, expires = 0 WHERE id = 1 AND node_id = ? AND epoch = ?")) {
                resign.setString(1, term.nodeId());
                resign.setLong(2, term.epoch());
                return resign.executeUpdate();
            }
        });
    }

    @Override
    public Optional<LeaderInfo> leader() {
        return store.query(CURRENT, SqliteLeadership::read, now().toEpochMilli()).stream().findFirst();
    }

    /** Inside a commit's transaction: refuses the commit unless {@code epoch} is the unexpired current term. */
    void checkFence(Connection c, long epoch) throws SQLException {
        Optional<LeaderInfo> current = current(c, now());
        if (current.isEmpty() || current.get().epoch() != epoch) {
            throw new FencedException("epoch " + epoch + " is no longer the current leadership term (now "
                    + current.map(l -> l.epoch() + ", led by " + l.nodeId()).orElse("nobody leads") + "); nothing written");
        }
    }

    private static Optional<LeaderInfo> current(Connection c, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(CURRENT)) {
            select.setLong(1, now.toEpochMilli());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static LeaderInfo read(ResultSet rs) throws SQLException {
        return new LeaderInfo(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
