package io.meridian.store.embedded;

import io.meridian.store.event.EventRecord;
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
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Locks in the {@code locks} table. Changes run in a writer transaction (SQLite serialises them), reads use the
 * reader pool. Expiry is judged by this process's clock: the file is local, so every user of it shares that clock.
 * A released lock's row is deleted; a lapsed one stays until it is settled (its {@code lock.expired} told), by the
 * next acquisition of the resource or by {@link #settleLapsed}.
 */
final class SqliteLocks implements LockStore {

    private static final String COLUMNS = "resource, lock_id, owner, fencing_token, acquired, expires";

    private final SqliteStore store;
    private final InstantSource clock;

    SqliteLocks(SqliteStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<LockInfo> acquire(String resource, String owner, Duration ttl, LockOutbox outbox) {
        Instant now = now();
        return store.inTransaction("acquiring lock " + resource, c -> {
            Optional<LockInfo> before = row(c, resource);
            if (before.isPresent() && before.get().expiresAt().isAfter(now)) {
                return Optional.empty();
            }
            LockInfo lock = new LockInfo(resource, UUID.randomUUID().toString(), owner, nextToken(c), now,
                    now.plus(ttl));
            try (PreparedStatement put = c.prepareStatement("INSERT OR REPLACE INTO locks (" + COLUMNS
                    + ") VALUES (?,?,?,?,?,?)")) {
                put.setString(1, lock.resource());
                put.setString(2, lock.lockId());
                put.setString(3, lock.owner());
                put.setLong(4, lock.fencingToken());
                put.setLong(5, lock.acquiredAt().toEpochMilli());
                put.setLong(6, lock.expiresAt().toEpochMilli());
                put.executeUpdate();
            }
            List<LockChange> changes = new ArrayList<>();
            // a released lock's row is deleted: a row still there lapsed, and this acquisition settles it
            before.ifPresent(lapsed -> changes.add(new LockChange.Expired(lapsed)));
            changes.add(new LockChange.Acquired(lock));
            append(c, outbox, changes);
            return Optional.of(lock);
        });
    }

    @Override
    public boolean release(String resource, String lockId, LockOutbox outbox) {
        Instant now = now();
        return store.inTransaction("releasing lock " + resource, c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM locks WHERE resource = ? AND lock_id = ? AND expires > ?")) {
                delete.setString(1, resource);
                delete.setString(2, lockId);
                delete.setLong(3, now.toEpochMilli());
                if (delete.executeUpdate() != 1) {
                    return false;
                }
            }
            append(c, outbox, List.of(new LockChange.Released(resource, lockId)));
            return true;
        });
    }

    @Override
    public List<LockInfo> lapsed(int limit) {
        return store.query("SELECT " + COLUMNS + " FROM locks WHERE expires <= ? ORDER BY expires LIMIT ?",
                SqliteLocks::read, now().toEpochMilli(), limit);
    }

    @Override
    public List<LockInfo> settleLapsed(List<LockInfo> locks, LockOutbox outbox) {
        if (locks.isEmpty()) {
            return List.of();
        }
        Instant now = now();
        return store.inTransaction("settling " + locks.size() + " lapsed locks", c -> {
            List<LockInfo> settled = new ArrayList<>();
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM locks WHERE resource = ? AND lock_id = ? "
                    + "AND expires <= ? RETURNING " + COLUMNS)) {
                for (LockInfo lock : locks) {
                    delete.setString(1, lock.resource());
                    delete.setString(2, lock.lockId());
                    delete.setLong(3, now.toEpochMilli());
                    try (ResultSet rs = delete.executeQuery()) {
                        if (rs.next()) {
                            settled.add(read(rs));
                        }
                    }
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
            store.appendEvents(c, events);
        }
    }

    @Override
    public Optional<LockInfo> extend(String resource, String lockId, Duration ttl) {
        Instant now = now();
        return store.inTransaction("extending lock " + resource, c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE locks SET expires = ? WHERE resource = ? AND lock_id = ? AND expires > ?")) {
                update.setLong(1, now.plus(ttl).toEpochMilli());
                update.setString(2, resource);
                update.setString(3, lockId);
                update.setLong(4, now.toEpochMilli());
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return live(c, resource, now);
        });
    }

    @Override
    public Optional<LockInfo> get(String resource) {
        List<LockInfo> found = store.query("SELECT " + COLUMNS + " FROM locks WHERE resource = ? AND expires > ?",
                SqliteLocks::read, resource, now().toEpochMilli());
        return found.stream().findFirst();
    }

    @Override
    public List<LockInfo> list(String prefix, int limit) {
        return store.query("SELECT " + COLUMNS + " FROM locks WHERE substr(resource, 1, length(?)) = ? "
                + "AND expires > ? ORDER BY resource LIMIT ?", SqliteLocks::read, prefix, prefix,
                now().toEpochMilli(), limit);
    }

    private static Optional<LockInfo> live(Connection c, String resource, Instant now) throws SQLException {
        return row(c, resource).filter(lock -> lock.expiresAt().isAfter(now));
    }

    /** The resource's row: its holder, or one that lapsed and is not settled yet. */
    private static Optional<LockInfo> row(Connection c, String resource) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM locks WHERE resource = ?")) {
            select.setString(1, resource);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static long nextToken(Connection c) throws SQLException {
        try (PreparedStatement bump = c.prepareStatement(
                "UPDATE lock_tokens SET last_token = last_token + 1 WHERE id = 1 RETURNING last_token");
             ResultSet rs = bump.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static LockInfo read(ResultSet rs) throws SQLException {
        return new LockInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
