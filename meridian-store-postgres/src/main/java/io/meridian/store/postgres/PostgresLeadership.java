package io.meridian.store.postgres;

import io.meridian.store.jdbc.Database;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Leadership;
import io.meridian.store.leader.Term;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Leadership as the one row of the {@code leadership} table, changed only by single conditional UPDATEs judged
 * by the database clock. The row lock every UPDATE takes serialises competing coordinators, and makes a change
 * of leader wait for commits still fenced by the old term (see {@link EpochFence}).
 */
final class PostgresLeadership implements Leadership {

    /**
     * Renews if this node holds the unexpired lease; otherwise takes an expired (or resigned) lease as a new term.
     * A node whose own lease lapsed also gets a new term: it may have stopped acting as leader meanwhile.
     */
    private static final String ACQUIRE = "UPDATE leadership SET "
            + "epoch = CASE WHEN node_id = ? AND expires_at > clock_timestamp() THEN epoch ELSE epoch + 1 END, "
            + "node_id = ?, address = ?, expires_at = clock_timestamp() + ? * interval '1 microsecond' "
            + "WHERE expires_at <= clock_timestamp() OR node_id = ? RETURNING node_id, epoch";

    private static final String RENEW = "UPDATE leadership SET expires_at = clock_timestamp() + ? * interval '1 microsecond' "
            + "WHERE node_id = ? AND epoch = ? AND expires_at > clock_timestamp()";

    /** Ends the lease now (never extends one that already ended), so a successor need not wait for expiry. */
    private static final String RESIGN = "UPDATE leadership SET expires_at = least(expires_at, clock_timestamp()) "
            + "WHERE node_id = ? AND epoch = ?";

    private static final String LEADER = "SELECT node_id, address, epoch, expires_at FROM leadership "
            + "WHERE expires_at > clock_timestamp()";

    private final Database db;

    PostgresLeadership(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Term> acquire(String nodeId, String address, Duration ttl) {
        long micros = PgColumns.micros(ttl, "a leadership ttl");
        return db.autoCommit("acquiring leadership for " + nodeId, c -> Sql.selectOne(c, ACQUIRE, ps -> {
            ps.setString(1, nodeId);
            ps.setString(2, nodeId);
            ps.setString(3, address);
            ps.setLong(4, micros);
            ps.setString(5, nodeId);
        }, rs -> new Term(rs.getString(1), rs.getLong(2))));
    }

    @Override
    public boolean renew(Term term, Duration ttl) {
        long micros = PgColumns.micros(ttl, "a leadership ttl");
        return db.autoCommit("renewing leadership term " + term.epoch(), c -> Sql.update(c, RENEW, ps -> {
            ps.setLong(1, micros);
            ps.setString(2, term.nodeId());
            ps.setLong(3, term.epoch());
        })) == 1;
    }

    @Override
    public void resign(Term term) {
        db.autoCommit("resigning leadership term " + term.epoch(), c -> Sql.update(c, RESIGN, ps -> {
            ps.setString(1, term.nodeId());
            ps.setLong(2, term.epoch());
        }));
    }

    @Override
    public Optional<LeaderInfo> leader() {
        return db.autoCommit("reading the leader", c -> Sql.selectOne(c, LEADER, Sql.NO_PARAMETERS,
                PostgresLeadership::read));
    }

    private static LeaderInfo read(ResultSet rs) throws SQLException {
        return new LeaderInfo(rs.getString(1), rs.getString(2), rs.getLong(3), PgColumns.getInstant(rs, 4));
    }

}
