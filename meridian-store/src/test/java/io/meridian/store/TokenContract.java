package io.meridian.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link TokenStore}: hashes only, one token per name for ever, atomic insert-if-absent and revocation. */
public interface TokenContract extends StoreAccess {

    Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");

    private TokenStore tokens() {
        return storeUnderTest().tokens();
    }

    static String hash(char c) {
        return String.valueOf(c).repeat(64);
    }

    static StoredToken token(String name, String sha256, Instant expires, String... scopes) {
        return new StoredToken(name, sha256, List.of(scopes), CREATED, expires, null);
    }

    @Test
    default void aCreatedTokenIsFoundByHashAndByNameWithEveryField() {
        StoredToken ci = token("ci", hash('a'), CREATED.plusSeconds(3600), "client", "worker");
        StoredToken forever = token("ops", hash('b'), null, "admin");
        assertThat(tokens().create(ci)).isTrue();
        assertThat(tokens().create(forever)).isTrue();
        assertThat(tokens().findByHash(hash('a'))).contains(ci);
        assertThat(tokens().findByHash(hash('b'))).contains(forever);
        assertThat(tokens().findByName("ci")).contains(ci);
        assertThat(tokens().findByHash(hash('c'))).isEmpty();
        assertThat(tokens().findByName("nobody")).isEmpty();
    }

    @Test
    default void aNameOrAHashIsTakenOnceEvenAfterRevocation() {
        assertThat(tokens().create(token("ci", hash('a'), null, "client"))).isTrue();
        assertThat(tokens().create(token("ci", hash('b'), null, "admin"))).isFalse();
        assertThat(tokens().create(token("other", hash('a'), null, "admin"))).isFalse();
        tokens().revoke("ci", CREATED.plusSeconds(1));
        assertThat(tokens().create(token("ci", hash('c'), null, "client"))).isFalse();
        assertThat(tokens().findByHash(hash('b'))).isEmpty();
        assertThat(tokens().findByName("ci").orElseThrow().scopes()).containsExactly("client");
    }

    @Test
    default void tokensAreListedByNameAndLimited() {
        for (String name : new String[] {"zeta", "alpha", "mid"}) {
            tokens().create(token(name, hash(name.charAt(0)), null, "client"));
        }
        assertThat(tokens().list(10)).extracting(StoredToken::name).containsExactly("alpha", "mid", "zeta");
        assertThat(tokens().list(2)).extracting(StoredToken::name).containsExactly("alpha", "mid");
        assertThat(tokens().list(0)).isEmpty();
    }

    @Test
    default void revokingMarksTheTokenOnceAndKeepsTheFirstTime() {
        tokens().create(token("ci", hash('a'), null, "client"));
        Instant first = CREATED.plusSeconds(10);
        StoredToken revoked = tokens().revoke("ci", first).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(first);
        assertThat(revoked.revoked()).isTrue();
        assertThat(tokens().revoke("ci", first.plusSeconds(5)).orElseThrow().revokedAt()).isEqualTo(first);
        assertThat(tokens().findByHash(hash('a')).orElseThrow().revokedAt()).isEqualTo(first);
        assertThat(tokens().revoke("nobody", first)).isEmpty();
    }

    @Test
    default void activeMeansNeitherRevokedNorExpired() {
        StoredToken t = token("ci", hash('a'), CREATED.plusSeconds(60), "client");
        assertThat(t.activeAt(CREATED)).isTrue();
        assertThat(t.activeAt(CREATED.plusSeconds(60))).isFalse();
        tokens().create(t);
        assertThat(tokens().revoke("ci", CREATED.plusSeconds(1)).orElseThrow().activeAt(CREATED.plusSeconds(2)))
                .isFalse();
    }

    /** Coordinators starting together each try to create the generated admin token: exactly one succeeds. */
    @Test
    default void ofConcurrentCreatorsOfOneNameExactlyOneWins() throws Exception {
        int threads = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                char c = (char) ('a' + i);
                results.add(pool.submit(() -> {
                    go.await();
                    return tokens().create(token("admin", hash(c), null, "admin"));
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
        assertThat(tokens().list(10)).hasSize(1);
    }
}
