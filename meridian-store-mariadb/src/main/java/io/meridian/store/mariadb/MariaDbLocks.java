package io.meridian.store.mariadb;

import static io.meridian.store.mariadb.MariaDbDialect.NOW_MILLIS;

import io.meridian.store.event.EventRecord;
import io.meridian.store.jdbc.Columns;
import io.meridian.store.jdbc.Database;
import io.meridian.store.jdbc.TxEventAppend;
import io.meridian.store.lock.LockChange;
import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockOutbox;
import io.meridian.store.lock.LockStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Locks as rows. Expiry is judged by the database's clock, so callers' clocks never matter. An acquisition runs in
 * one transaction that first makes sure the resource has a row and locks it, then judges it free or held, and only
 * then draws a fencing token from the one-row counter: two acquisitions of one resource are serialised by its row
 * lock, so the later one always draws the larger token. A released lock keeps its row (expiry set to now, lock id
 * emptied), so every acquisition after the first takes that path. A row with an empty lock id is settled; one with a
 * lock id past its expiry lapsed without a release and is settled (its {@code lock.expired} told) by the next
 * acquisition or by {@link #settleLapsed}. Each change commits with its events.
 */
final class MariaDbLocks implements LockStore {

    private static final String COLUMNS = "resource, lock_id, owner, fencing_token, acquired, expires";

    /** A placeholder row, long expired, for a resource never locked before; an existing row is left alone. */
    private static final String ENSURE_ROW = "INSERT INTO locks (" + COLUMNS + ") VALUES (?, '', '', 0, 0, 0) "
            + "ON DUPLICATE KEY UPDATE resource = resource";

    private final Database db;
    private final TxEventAppend appendEvents;

    MariaDbLocks(Database db, TxEventAppend appendEvents) {
        this.db = db;
        this.appendEvents = appendEvents;
    }

    @Override
    public Optional<LockInfo> acquire(String resource, String owner, Duration ttl, LockOutbox outbox) {
        long millis = Columns.millis(ttl, "a lock's ttl");
        String lockId = UUID.randomUUID().toString();
        return db.transaction("acquiring lock '" + resource + "'", c -> {
            long now = now(c);
            update(c, ENSURE_ROW, resource);
            LockInfo before = select(c, "SELECT " + COLUMNS + " FROM locks WHERE resource = ? FOR UPDATE",
                    MariaDbLocks::read, resource).getFirst();
            if (before.expiresAt().toEpochMilli() > now) {
                return Optional.empty();
            }
            update(c, "UPDATE lock_tokens SET last_token = last_token + 1 WHERE id = 1");
            long token = select(c, "SELECT last_token FROM lock_tokens WHERE id = 1", rs -> rs.getLong(1)).getFirst();
            update(c, "UPDATE locks SET lock_id = ?, owner = ?, fencing_token = ?, acquired = ?, expires = ? "
                    + "WHERE resource = ?", lockId, owner, token, now, now + millis, resource);
            LockInfo lock = new LockInfo(resource, lockId, owner, token, Instant.ofEpochMilli(now),
                    Instant.ofEpochMilli(now + millis));
            List<LockChange> changes = new ArrayList<>();
            if (!before.lockId().isEmpty()) { // it lapsed without a release: this acquisition settles and tells it
                changes.add(new LockChange.Expired(before));
            }
            changes.add(new LockChange.Acquired(lock));
            append(c, outbox, changes);
            return Optional.of(lock);
        });
    }

    /** Ends the lease at once but keeps the row (see the class comment), settled: its lock id is emptied. */
    @Override
    public boolean release(String resource, String lockId, LockOutbox outbox) {
        return db.transaction("releasing lock '" + resource + "'", c -> {
            if (update(c, "UPDATE locks SET expires = " + NOW_MILLIS + ", lock_id = '' WHERE resource = ? "
                    + "AND lock_id = ? AND expires > " + NOW_MILLIS, resource, lockId) != 1) {
                return false;
            }
            append(c, outbox, List.of(new LockChange.Released(resource, lockId)));
            return true;
        });
    }

    @Override
    public List<LockInfo> lapsed(int limit) {
        return db.autoCommit("reading lapsed locks", c -> select(c, "SELECT " + COLUMNS + " FROM locks "
                + "WHERE expires <= " + NOW_MILLIS + " AND lock_id <> '' ORDER BY expires LIMIT ?",
                MariaDbLocks::read, limit));
    }

    @Override
    public List<LockInfo> settleLapsed(List<LockInfo> locks, LockOutbox outbox) {
        if (locks.isEmpty()) {
            return List.of();
        }
        return db.transaction("settling " + locks.size() + " lapsed locks", c -> {
            List<LockInfo> settled = new ArrayList<>();
            for (LockInfo lock : locks) {
                List<LockInfo> row = select(c, "SELECT " + COLUMNS + " FROM locks WHERE resource = ? AND lock_id = ? "
                        + "AND expires <= " + NOW_MILLIS + " FOR UPDATE", MariaDbLocks::read, lock.resource(),
                        lock.lockId());
                if (!row.isEmpty()) {
                    update(c, "UPDATE locks SET lock_id = '' WHERE resource = ?", lock.resource());
                    settled.add(row.getFirst());
                }
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
        long millis = Columns.millis(ttl, "a lock's ttl");
        return db.transaction("extending lock '" + resource + "'", c -> {
            int changed = update(c, "UPDATE locks SET expires = " + NOW_MILLIS + " + ? WHERE resource = ? "
                    + "AND lock_id = ? AND expires > " + NOW_MILLIS, millis, resource, lockId);
            return changed == 0 ? Optional.<LockInfo>empty() : select(c, "SELECT " + COLUMNS
                    + " FROM locks WHERE resource = ?", MariaDbLocks::read, resource).stream().findFirst();
        });
    }

    @Override
    public Optional<LockInfo> get(String resource) {
        return db.autoCommit("reading lock '" + resource + "'", c -> select(c, "SELECT " + COLUMNS
                + " FROM locks WHERE resource = ? AND expires > " + NOW_MILLIS, MariaDbLocks::read, resource))
                .stream().findFirst();
    }

    @Override
    public List<LockInfo> list(String prefix, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return db.autoCommit("listing locks", c -> select(c, "SELECT " + COLUMNS + " FROM locks "
                + "WHERE LEFT(resource, CHAR_LENGTH(?)) = ? AND expires > " + NOW_MILLIS
                + " ORDER BY resource LIMIT ?", MariaDbLocks::read, prefix, prefix, limit));
    }

    /** The database's clock, read once per acquisition, so a lock's expiry is exactly acquisition plus ttl. */
    static long now(Connection c) throws SQLException {
        return select(c, "SELECT " + NOW_MILLIS, rs -> rs.getLong(1)).getFirst();
    }

    private static LockInfo read(ResultSet rs) throws SQLException {
        return new LockInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)));
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    static <T> List<T> select(Connection c, String sql, Reader<T> reader, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
