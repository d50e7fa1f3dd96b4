package io.meridian.store.postgres;

import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tokens as rows, each operation one statement. Creation is an insert that does nothing on any unique conflict
 * (name or hash), so of coordinators racing to create the same name exactly one inserts.
 */
final class PostgresTokens implements TokenStore {

    private static final String COLUMNS = "name, sha256, scopes, created_at, expires_at, revoked_at";
    private static final String CREATE = "INSERT INTO tokens (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, NULL) "
            + "ON CONFLICT DO NOTHING";
    private static final String REVOKE = "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE name = ? "
            + "RETURNING " + COLUMNS;

    private final Database db;

    PostgresTokens(Database db) {
        this.db = db;
    }

    @Override
    public boolean create(StoredToken t) {
        return db.autoCommit("creating token '" + t.name() + "'", c -> Sql.update(c, CREATE, ps -> {
            ps.setString(1, t.name());
            ps.setString(2, t.sha256());
            ps.setString(3, String.join(",", t.scopes()));
            Columns.setInstant(ps, 4, t.createdAt());
            Columns.setInstant(ps, 5, t.expiresAt());
        })) == 1;
    }

    @Override
    public Optional<StoredToken> findByHash(String sha256) {
        return db.autoCommit("finding a token", c -> Sql.selectOne(c, "SELECT " + COLUMNS
                + " FROM tokens WHERE sha256 = ?", ps -> ps.setString(1, sha256), PostgresTokens::read));
    }

    @Override
    public Optional<StoredToken> findByName(String name) {
        return db.autoCommit("reading token '" + name + "'", c -> Sql.selectOne(c, "SELECT " + COLUMNS
                + " FROM tokens WHERE name = ?", ps -> ps.setString(1, name), PostgresTokens::read));
    }

    @Override
    public List<StoredToken> list(int limit) {
        return db.autoCommit("listing tokens", c -> Sql.select(c, "SELECT " + COLUMNS
                + " FROM tokens ORDER BY name LIMIT ?", ps -> ps.setInt(1, Math.max(0, limit)), PostgresTokens::read));
    }

    @Override
    public Optional<StoredToken> revoke(String name, Instant at) {
        return db.autoCommit("revoking token '" + name + "'", c -> Sql.selectOne(c, REVOKE, ps -> {
            Columns.setInstant(ps, 1, at);
            ps.setString(2, name);
        }, PostgresTokens::read));
    }

    private static StoredToken read(ResultSet rs) throws SQLException {
        return new StoredToken(rs.getString(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")),
                Columns.getInstant(rs, 4), Columns.getInstant(rs, 5), Columns.getInstant(rs, 6));
    }
}
