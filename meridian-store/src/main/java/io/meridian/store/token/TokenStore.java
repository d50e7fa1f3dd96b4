package io.meridian.store.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The API tokens every coordinator sharing the store accepts. Only hashes are stored. Each method is one atomic
 * operation, so two coordinators creating the same name at the same moment cannot both succeed.
 */
public interface TokenStore {

    /**
     * Adds {@code token} unless a token with its name (revoked or not) or its hash exists; returns whether it was
     * added. Insert-if-absent in one statement: of concurrent creators of one name, exactly one gets true.
     */
    boolean create(StoredToken token);

    /** The token whose hash is {@code sha256} (revoked and expired ones too), if any. */
    Optional<StoredToken> findByHash(String sha256);

    /** The token named {@code name}, if any. */
    Optional<StoredToken> findByName(String name);

    /** Tokens by name, at most {@code limit}. */
    List<StoredToken> list(int limit);

    /**
     * Marks the token revoked at {@code at} if it is not yet; returns it as it now is (a token revoked earlier
     * keeps its first revocation time), or empty if no token has that name.
     */
    Optional<StoredToken> revoke(String name, Instant at);
}
