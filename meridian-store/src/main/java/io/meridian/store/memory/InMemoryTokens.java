package io.meridian.store.memory;

import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Tokens on the heap, by name. Every method is synchronized, which makes each one atomic. */
final class InMemoryTokens implements TokenStore {
    private final TreeMap<String, StoredToken> byName = new TreeMap<>();

    @Override
    public synchronized boolean create(StoredToken token) {
        if (byName.containsKey(token.name()) || findByHash(token.sha256()).isPresent()) {
            return false;
        }
        byName.put(token.name(), token);
        return true;
    }

    @Override
    public synchronized Optional<StoredToken> findByHash(String sha256) {
        return byName.values().stream().filter(t -> t.sha256().equals(sha256)).findFirst();
    }

    @Override
    public synchronized Optional<StoredToken> findByName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public synchronized List<StoredToken> list(int limit) {
        return byName.values().stream().limit(Math.max(0, limit)).toList();
    }

    @Override
    public synchronized Optional<StoredToken> revoke(String name, Instant at) {
        StoredToken t = byName.get(name);
        if (t != null && !t.revoked()) {
            t = new StoredToken(t.name(), t.sha256(), t.scopes(), t.createdAt(), t.expiresAt(), at);
            byName.put(name, t);
        }
        return Optional.ofNullable(t);
    }
}
