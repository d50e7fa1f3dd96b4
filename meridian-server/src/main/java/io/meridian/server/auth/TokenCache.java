package io.meridian.server.auth;

import io.meridian.store.StoreException;
import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store lookups of presented tokens, each remembered for at most {@link #TTL} (found or not), so a request does
 * not cost a database round trip while a revocation made through any coordinator still takes effect on this one
 * within that time. While the store cannot be read, a token seen before keeps its last known state (a store
 * outage must not lock every client out); one never seen is refused with the store's error (503).
 */
final class TokenCache {
    private static final Logger log = LoggerFactory.getLogger(TokenCache.class);
    /** How stale a lookup may be: the bound on how long a revoked token keeps working on another coordinator. */
    static final Duration TTL = Duration.ofMillis(500);
    /** Distinct tokens remembered; beyond this (many bad tokens, say) the cache starts over. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<StoredToken> token, long readAtNanos) {}

    private final TokenStore store;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    TokenCache(TokenStore store, LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    TokenStore store() {
        return store;
    }

    Optional<StoredToken> find(String sha256) {
        long now = nanoTime.getAsLong();
        Entry cached = entries.get(sha256);
        if (cached != null && now - cached.readAtNanos() < TTL.toNanos()) {
            return cached.token();
        }
        try {
            Optional<StoredToken> found = store.findByHash(sha256);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(sha256, new Entry(found, now));
            return found;
        } catch (StoreException e) {
            if (cached == null) {
                throw e;
            }
            log.debug("Token lookup failed ({}); using what the store said {} ms ago", e.toString(),
                    (now - cached.readAtNanos()) / 1_000_000);
            return cached.token();
        }
    }

    /** Forgets a token at once on this coordinator (others see the change within {@link #TTL}). */
    void forget(String sha256) {
        entries.remove(sha256);
    }
}
