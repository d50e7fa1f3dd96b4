package io.meridian.store.postgres;

import io.meridian.store.jdbc.Database;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Locks as rows, each operation one atomic statement. Expiry is judged by the database's clock, {@code
 * clock_timestamp()}, so callers' clocks never matter: release and extend read it when they look at the row (not
 * {@code now()}, the start of a statement that may have waited for a row lock); acquire, see ACQUIRE.
 */
final class PostgresLockStore implements LockStore {

    private static final String COLUMNS = "resource, lock_id, owner, fencing_token, acquired_at, expires_at";

    /**
     * Takes a free or expired lock. When the row exists, the new token is drawn in the DO UPDATE, that is while
     * holding the row lock and after the expiry check: a competitor that drew a token earlier but got the row
     * later can therefore never hold it with a smaller token than the holder before it. Only a resource's very
     * first acquisition inserts (released locks keep their row), and concurrent first inserts are serialised by
     * the primary key: the loser waits, then takes the update path, drawing a fresh token. The clock is read
     * once, so a lock's expiry is exactly its acquisition time plus the ttl; that reading is taken before any
     * wait for the row lock, so a lock released during the wait is still judged held (the caller tries again).
     */
    private static final String ACQUIRE = "INSERT INTO locks (" + COLUMNS + ") SELECT ?, ?, ?, "
            + "nextval('lock_fencing_tokens'), t.at, t.at + ? * interval '1 microsecond' "
            + "FROM (SELECT clock_timestamp() AS at) t "
            + "ON CONFLICT (resource) DO UPDATE SET lock_id = excluded.lock_id, owner = excluded.owner, "
            + "fencing_token = nextval('lock_fencing_tokens'), acquired_at = excluded.acquired_at, "
            + "expires_at = excluded.expires_at "
            + "WHERE locks.expires_at <= excluded.acquired_at RETURNING " + COLUMNS;

    /** Releasing ends the lease at once but keeps the row (see ACQUIRE). */
    private static final String RELEASE = "UPDATE locks SET expires_at = clock_timestamp() "
            + "WHERE resource = ? AND lock_id = ? AND expires_at > clock_timestamp()";

    private static final String EXTEND = "UPDATE locks SET expires_at = clock_timestamp() + ? * interval '1 microsecond' "
            + "WHERE resource = ? AND lock_id = ? AND expires_at > clock_timestamp() RETURNING " + COLUMNS;

    private static final String GET = "SELECT " + COLUMNS + " FROM locks "
            + "WHERE resource = ? AND expires_at > clock_timestamp()";

    /** starts_with over the "C"-collated key: a prefix range of the primary key, in Java's String order. */
    private static final String LIST = "SELECT " + COLUMNS + " FROM locks "
            + "WHERE starts_with(resource, ?) AND expires_at > clock_timestamp() ORDER BY resource LIMIT ?";

    private final Database db;

    PostgresLockStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<LockInfo> acquire(String resource, String owner, Duration ttl) {
        long micros = PgColumns.micros(ttl, "a lock's ttl");
        String lockId = UUID.randomUUID().toString();
        return db.autoCommit("acquiring lock '" + resource + "'", c -> Sql.selectOne(c, ACQUIRE, ps -> {
            ps.setString(1, resource);
            ps.setString(2, lockId);
            ps.setString(3, owner);
            ps.setLong(4, micros);
        }, PostgresLockStore::read));
    }

    @Override
    public boolean release(String resource, String lockId) {
        return db.autoCommit("releasing lock '" + resource + "'", c -> Sql.update(c, RELEASE, ps -> {
            ps.setString(1, resource);
            ps.setString(2, lockId);
        })) == 1;
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
