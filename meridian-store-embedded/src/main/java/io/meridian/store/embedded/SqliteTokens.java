package io.meridian.store.embedded;

import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Tokens in the {@code tokens} table: changes on the writer connection, reads from the reader pool. */
final class SqliteTokens implements TokenStore {

    private static final String COLUMNS = "name, sha256, scopes, created, expires, revoked";

    private final SqliteStore store;

    SqliteTokens(SqliteStore store) {
        this.store = store;
    }

    @Override
    public boolean create(StoredToken t) {
        return store.inTransaction("creating token " + t.name(), c -> {
            try (PreparedStatement put = c.prepareStatement("INSERT INTO tokens (" + COLUMNS
                    + ") VALUES (?,?,?,?,?,NULL) ON CONFLICT DO NOTHING")) {
                put.setString(1, t.name());
                put.setString(2, t.sha256());
                put.setString(3, String.join(",", t.scopes()));
                put.setLong(4, t.createdAt().toEpochMilli());
                if (t.expiresAt() == null) {
                    put.setNull(5, Types.INTEGER);
                } else {
                    put.setLong(5, t.expiresAt().toEpochMilli());
                }
                return put.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<StoredToken> findByHash(String sha256) {
        return first(store.query("SELECT " + COLUMNS + " FROM tokens WHERE sha256 = ?", SqliteTokens::read, sha256));
    }

    @Override
    public Optional<StoredToken> findByName(String name) {
        return first(store.query("SELECT " + COLUMNS + " FROM tokens WHERE name = ?", SqliteTokens::read, name));
    }

    @Override
    public List<StoredToken> list(int limit) {
        return store.query("SELECT " + COLUMNS + " FROM tokens ORDER BY name LIMIT ?", SqliteTokens::read,
                Math.max(0, limit));
    }

    @Override
    public Optional<StoredToken> revoke(String name, Instant at) {
        store.inTransaction("revoking token " + name, c -> {
            try (PreparedStatement revoke = c.prepareStatement(
                    "UPDATE tokens SET revoked = ? WHERE name = ? AND revoked IS NULL")) {
                revoke.setLong(1, at.toEpochMilli());
                revoke.setString(2, name);
                return revoke.executeUpdate();
            }
        });
        return findByName(name);
    }

    private static Optional<StoredToken> first(List<StoredToken> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static StoredToken read(ResultSet rs) throws SQLException {
        return new StoredToken(rs.getString(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")),
                Instant.ofEpochMilli(rs.getLong(4)), instantOrNull(rs, 5), instantOrNull(rs, 6));
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
