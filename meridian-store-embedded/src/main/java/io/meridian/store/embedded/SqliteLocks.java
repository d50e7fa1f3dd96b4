package io.meridian.store.embedded;

import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Locks in the {@code locks} table. Changes run in a writer transaction (SQLite serialises them), reads use the
 * reader pool. Expiry is judged by this process's clock: the file is local, so every user of it shares that clock.
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
    public Optional<LockInfo> acquire(String resource, String owner, Duration ttl) {
        Instant now = now();
        return store.inTransaction("acquiring lock " + resource, c -> {
            if (live(c, resource, now).isPresent()) {
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
            return Optional.of(lock);
        });
    }

    @Override
    public boolean release(String resource, String lockId) {
        Instant now = now();
        return store.inTransaction("releasing lock " + resource, c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM locks WHERE resource = ? AND lock_id = ? AND expires > ?")) {
                delete.setString(1, resource);
                delete.setString(2, lockId);
                delete.setLong(3, now.toEpochMilli());
                return delete.executeUpdate() == 1;
            }
        });
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
        try (PreparedStatement select = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM locks WHERE resource = ? AND expires > ?")) {
            select.setString(1, resource);
            select.setLong(2, now.toEpochMilli());
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
