package io.meridian.store.jdbc;

import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tokens as rows of the {@code tokens} table, for every SQL store, each operation one statement. Creation inserts
 * only if neither the name nor the hash is taken ({@link Dialect#insertIfAbsent}), so of coordinators racing to
 * create the same name exactly one inserts. Revocation keeps the first revocation time.
 */
public final class JdbcTokens implements TokenStore {

    /** Runs work on a connection, naming the action for error messages: a store's write or read path. */
    public interface Access {
        <T> T run(String action, Database.Work<T> work);
    }

    private final Dialect dialect;
    private final Access writes;
    private final Access reads;
    private final String columns;
    private final String create;
    private final String revoke;

    /**
     * @param instantSuffix how the table names its instant columns after created/expires/revoked: "" in SQLite's
     *                      table, "_at" in PostgreSQL's and MariaDB's (the schemas were written apart)
     */
    public JdbcTokens(Dialect dialect, String instantSuffix, Access writes, Access reads) {
        this.dialect = dialect;
        this.writes = writes;
        this.reads = reads;
        String created = "created" + instantSuffix;
        String expires = "expires" + instantSuffix;
        String revoked = "revoked" + instantSuffix;
        List<String> all = List.of("name", "sha256", "scopes", created, expires, revoked);
        this.columns = String.join(", ", all);
        this.create = dialect.insertIfAbsent("tokens", all);
        this.revoke = "UPDATE tokens SET " + revoked + " = ? WHERE name = ? AND " + revoked + " IS NULL";
    }

    @Override
    public boolean create(StoredToken t) {
        return writes.run("creating token '" + t.name() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(create)) {
                ps.setString(1, t.name());
                ps.setString(2, t.sha256());
                ps.setString(3, String.join(",", t.scopes()));
                dialect.setInstant(ps, 4, t.createdAt());
                dialect.setInstant(ps, 5, t.expiresAt());
                dialect.setInstant(ps, 6, null);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<StoredToken> findByHash(String sha256) {
        return find("finding a token", "sha256", sha256);
    }

    @Override
    public Optional<StoredToken> findByName(String name) {
        return find("reading token '" + name + "'", "name", name);
    }

    @Override
    public List<StoredToken> list(int limit) {
        return reads.run("listing tokens", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM tokens ORDER BY name LIMIT ?")) {
                ps.setInt(1, Math.max(0, limit));
                return readAll(ps);
            }
        });
    }

    /** Marks the token revoked unless it already is (the first time stays), then reads it back. */
    @Override
    public Optional<StoredToken> revoke(String name, Instant at) {
        writes.run("revoking token '" + name + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(revoke)) {
                dialect.setInstant(ps, 1, at);
                ps.setString(2, name);
                return ps.executeUpdate();
            }
        });
        return findByName(name);
    }

    private Optional<StoredToken> find(String action, String column, String value) {
        List<StoredToken> rows = reads.run(action, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM tokens WHERE " + column
                    + " = ?")) {
                ps.setString(1, value);
                return readAll(ps);
            }
        });
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private List<StoredToken> readAll(PreparedStatement ps) throws SQLException {
        List<StoredToken> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(read(rs));
            }
        }
        return found;
    }

    private StoredToken read(ResultSet rs) throws SQLException {
        return new StoredToken(rs.getString(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")),
                dialect.getInstant(rs, 4), dialect.getInstant(rs, 5), dialect.getInstant(rs, 6));
    }
}
