package io.meridian.store.token;

import java.time.Instant;
import java.util.List;

/**
 * An API token as the store keeps it: never the token itself, only the hex SHA-256 of its UTF-8 bytes.
 *
 * @param name      unique in the store for ever (a revoked token keeps its name, so a name always means one token)
 * @param sha256    64 lower-case hex characters
 * @param scopes    what the token may do ({@code client}, {@code worker}, {@code admin}, {@code region}); the store
 *                  keeps them as given, the server checks them
 * @param createdAt when it was created
 * @param expiresAt when it stops working; null for never
 * @param revokedAt when it was revoked; null while it is not
 */
public record StoredToken(String name, String sha256, List<String> scopes, Instant createdAt, Instant expiresAt,
                          Instant revokedAt) {
    public StoredToken {
        scopes = List.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether it may be used at {@code now}: neither revoked nor expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
