package io.meridian.store.postgres;

import io.meridian.store.event.EventRecord;
import io.meridian.store.jdbc.Database;
import io.meridian.store.jdbc.TxEventAppend;
import io.meridian.store.lock.LockChange;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockOutbox;
import io.meridian.store.lock.LockStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Locks as rows. Expiry is judged by the database's clock, {@code clock_timestamp()}, so callers' clocks never
 * matter: release and extend read it when they look at the row (not {@code now()}, the start of a statement that
 * may have waited for a row lock); acquire, see ACQUIRE. An acquisition or release is one transaction with the
 * events describing it; an acquisition first locks the resource's row (BEFORE) to learn whether the holder it
 * replaces lapsed without a release.
 */
final class PostgresLockStore implements LockStore {

    private static final String COLUMNS = "resource, lock_id, owner, fencing_token, acquired_at, expires_at";

    /**
     * Takes a free or expired lock. When the row exists, the new token is drawn in the DO UPDATE, that is while
     * holding the row lock and after the expiry check: a competitor that drew a token earlier but got the row
     * later can therefore never hold it with a smaller token than the holder before it. Only a resource's very
     * first acquisition inserts (released locks keep their row), and concurrent first inserts are serialised by
     * the primary key: the loser waits, then takes the update path, drawing a fresh token. The clock is read
     * once, so a lock's expiry is exactly its acquisition time plus the ttl. An existing row is already locked
     * by BEFORE when this runs; a first insert racing another may wait, and then judges the row by the clock read
     * before that wait, so a lock released during the wait is still judged held (the caller tries again).
     */
    private static final String ACQUIRE = "INSERT INTO locks (" + COLUMNS + ") SELECT ?, ?, ?, "
            + "nextval('lock_fencing_tokens'), t.at, t.at + ? * interval '1 microsecond' "
            + "FROM (SELECT clock_timestamp() AS at) t "
            + "ON CONFLICT (resource) DO UPDATE SET lock_id = excluded.lock_id, owner = excluded.owner, "
            + "fencing_token = nextval('lock_fencing_tokens'), acquired_at = excluded.acquired_at, "
            + "expires_at = excluded.expires_at "
            + "WHERE locks.expires_at <= excluded.acquired_at RETURNING " + COLUMNS;

    /**
     * Releasing ends the lease at once but keeps the row (see ACQUIRE), with an empty lock id: a row whose lock id
     * is empty is settled, and only an unsettled row past its expiry lapsed (its {@code lock.expired} not told yet).
     */
    private static final String RELEASE = "UPDATE locks SET expires_at = clock_timestamp(), lock_id = '' "
            + "WHERE resource = ? AND lock_id = ? AND expires_at > clock_timestamp()";

    /** The row as it was before an acquisition, locked until the end of its transaction. */
    private static final String BEFORE = "SELECT " + COLUMNS + " FROM locks WHERE resource = ? FOR UPDATE";

    private static final String LAPSED = "SELECT " + COLUMNS + " FROM locks "
            + "WHERE expires_at <= clock_timestamp() AND lock_id <> '' ORDER BY expires_at LIMIT ?";

    private static final String SETTLE = "UPDATE locks SET lock_id = '' WHERE resource = ? AND lock_id = ? "
            + "AND expires_at <= clock_timestamp() RETURNING " + COLUMNS;

    private static final String EXTEND = "UPDATE locks SET expires_at = clock_timestamp() + ? * interval '1 microsecond' "
            + "WHERE resource = ? AND lock_id = ? AND expires_at > clock_timestamp() RETURNING " + COLUMNS;

    private static final String GET = "SELECT " + COLUMNS + " FROM locks "
            + "WHERE resource = ? AND expires_at > clock_timestamp()";

    /** starts_with over the "C"-collated key: a prefix range of the primary key, in Java's String order. */
    private static final String LIST = "SELECT " + COLUMNS + " FROM locks "
            + "WHERE starts_with(resource, ?) AND expires_at > clock_timestamp() ORDER BY resource LIMIT ?";

    private final Database db;
    private final TxEventAppend appendEvents;

    PostgresLockStore(Database db, TxEventAppend appendEvents) {
        this.db = db;
        this.appendEvents = appendEvents;
    }

    @Override
    public Optional<LockInfo> acquire(String resource, String owner, Duration ttl, LockOutbox outbox) {
        long micros = PgColumns.micros(ttl, "a lock's ttl");
        String lockId = UUID.randomUUID().toString();
        return db.transaction("acquiring lock '" + resource + "'", c -> {
            Optional<LockInfo> before = Sql.selectOne(c, BEFORE, ps -> ps.setString(1, resource),
                    PostgresLockStore::read);
            Optional<LockInfo> taken = Sql.selectOne(c, ACQUIRE, ps -> {
                ps.setString(1, resource);
                ps.setString(2, lockId);
                ps.setString(3, owner);
                ps.setLong(4, micros);
            }, PostgresLockStore::read);
            if (taken.isPresent()) {
                List<LockChange> changes = new ArrayList<>();
                // the row was free: released (settled) or lapsed, which this acquisition settles and tells
                before.filter(b -> !b.lockId().isEmpty()).ifPresent(b -> changes.add(new LockChange.Expired(b)));
                changes.add(new LockChange.Acquired(taken.get()));
                append(c, outbox, changes);
            }
            return taken;
        });
    }

    @Override
    public boolean release(String resource, String lockId, LockOutbox outbox) {
        return db.transaction("releasing lock '" + resource + "'", c -> {
            if (Sql.update(c, RELEASE, ps -> {
                ps.setString(1, resource);
                ps.setString(2, lockId);
            }) != 1) {
                return false;
            }
            append(c, outbox, List.of(new LockChange.Released(resource, lockId)));
            return true;
        });
    }

    @Override
    public List<LockInfo> lapsed(int limit) {
        return db.autoCommit("reading lapsed locks", c -> Sql.select(c, LAPSED, ps -> ps.setInt(1, limit),
                PostgresLockStore::read));
    }

    @Override
    public List<LockInfo> settleLapsed(List<LockInfo> locks, LockOutbox outbox) {
        if (locks.isEmpty()) {
            return List.of();
        }
        return db.transaction("settling " + locks.size() + " lapsed locks", c -> {
            List<LockInfo> settled = new ArrayList<>();
            for (LockInfo lock : locks) {
                Sql.selectOne(c, SETTLE, ps -> {
                    ps.setString(1, lock.resource());
                    ps.setString(2, lock.lockId());
                }, PostgresLockStore::read).ifPresent(row -> settled.add(
                        new LockInfo(row.resource(), lock.lockId(), row.owner(), row.fencingToken(),
                                row.acquiredAt(), row.expiresAt())));
            }
            if (!settled.isEmpty()) {
                append(c, outbox, settled.stream().<LockChange>map(LockChange.Expired::new).toList());
            }
            return settled;
        });
    }

    private void append(Connection c, LockOutbox outbox, List<LockChange> changes) throws SQLException {
        List<EventRecord> events = outbox.eventsFor(changes);
        if (!events.isEmpty()) {
            appendEvents.append(c, events);
        }
    }

    @Override
    public Optional<LockInfo> extend(String resource, String lockId, Duration ttl) {
        long micros = PgColumns.micros(ttl, "a lock's ttl");
        return db.autoCommit("extending lock '" + resource + "'", c -> Sql.selectOne(c, EXTEND, ps -> {
            ps.setLong(1, micros);
            ps.setString(2, resource);
            ps.setString(3, lockId);
        }, PostgresLockStore::read));
    }

    @Override
    public Optional<LockInfo> get(String resource) {
        return db.autoCommit("reading lock '" + resource + "'",
                c -> Sql.selectOne(c, GET, ps -> ps.setString(1, resource), PostgresLockStore::read));
    }

    @Override
    public List<LockInfo> list(String prefix, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return db.autoCommit("listing locks", c -> Sql.select(c, LIST, ps -> {
            ps.setString(1, prefix);
            ps.setInt(2, limit);
        }, PostgresLockStore::read));
    }


    private static LockInfo read(ResultSet rs) throws SQLException {
        return new LockInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                PgColumns.getInstant(rs, 5), PgColumns.getInstant(rs, 6));
    }
}
