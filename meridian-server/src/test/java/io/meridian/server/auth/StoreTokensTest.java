package io.meridian.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.store.StoreException;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens shared through the store: one generated admin token per store, revocation, expiry, config and env. */
class StoreTokensTest {
    @TempDir
    Path dir;
    final InMemoryStore store = new InMemoryStore();

    Tokens coordinator(String name) throws Exception {
        return Tokens.load(List.of(), Map.of(), dir.resolve(name), store.tokens());
    }

    @Test
    void madeTokensStartWithThePrefixSoThatNoCommandLineReadsOneAsOptions() {
        for (int i = 0; i < 2_000; i++) { // a Base64 token without the prefix starts with '-' once in 64
            String token = Tokens.newToken();
            assertThat(token).startsWith(Tokens.PREFIX).hasSize(47).matches("[A-Za-z0-9_-]+");
        }
    }

    @Test
    void theFirstCoordinatorOnAStoreMakesTheAdminTokenAndASecondAcceptsItWithoutMakingAnother() throws Exception {
        Tokens first = coordinator("a");
        Path file = first.generatedTokenFile().orElseThrow();
        String token = Files.readString(file).strip();
        Tokens second = coordinator("b");
        assertThat(second.generatedTokenFile()).isEmpty();
        assertThat(dir.resolve("b").resolve("admin.token")).doesNotExist();
        assertThat(second.adminTokenNote().orElseThrow()).contains("first coordinator", "meridian tokens create");
        assertThat(second.authenticate(token).orElseThrow().allows(Scope.ADMIN)).isTrue();
        assertThat(store.tokens().list(10)).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("admin");
            assertThat(t.sha256()).isEqualTo(Tokens.sha256Hex(token)).doesNotContain(token);
        });
        assertThat(coordinator("a").authenticate(token)).as("a restart reads its file").isPresent();
    }

    @Test
    void aRevokedAdminTokenIsNotMadeAgainAndTheBannerSaysItWasRevoked() throws Exception {
        String token = Files.readString(coordinator("a").generatedTokenFile().orElseThrow()).strip();
        store.tokens().revoke("admin", Instant.now());
        Tokens restarted = coordinator("a");
        assertThat(restarted.generatedTokenFile()).isEmpty();
        assertThat(restarted.adminTokenNote().orElseThrow()).contains("was revoked");
        assertThat(restarted.authenticate(token)).isEmpty();
        Tokens another = coordinator("b");
        assertThat(another.adminTokenNote().orElseThrow()).contains("was revoked");
        assertThat(dir.resolve("b").resolve("admin.token")).doesNotExist();
        assertThat(store.tokens().list(10)).hasSize(1);
    }

    @Test
    void coordinatorsStartingTogetherMakeExactlyOneAdminToken() throws Exception {
        int n = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Tokens>> started = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String name = "c" + i;
                started.add(pool.submit(() -> {
                    go.await();
                    return coordinator(name);
                }));
            }
            go.countDown();
            List<Path> files = new ArrayList<>();
            for (Future<Tokens> f : started) {
                f.get().generatedTokenFile().ifPresent(files::add);
            }
            assertThat(files).hasSize(1);
            String token = Files.readString(files.getFirst()).strip();
            for (Future<Tokens> f : started) {
                assertThat(f.get().authenticate(token)).isPresent();
            }
        }
        assertThat(store.tokens().list(10)).hasSize(1);
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(d -> Files.exists(d.resolve("admin.token"))).count()).isEqualTo(1);
        }
    }

    @Test
    void anAdminTokenFileWrittenBeforeTokensLivedInTheStoreKeepsWorking() throws Exception {
        Files.createDirectories(dir.resolve("old"));
        Files.writeString(dir.resolve("old").resolve("admin.token"), "token-from-an-older-version\n");
        Tokens tokens = coordinator("old");
        assertThat(tokens.generatedTokenFile()).isPresent();
        assertThat(coordinator("new").authenticate("token-from-an-older-version")).isPresent();
    }

    @Test
    void configAndEnvironmentTokensKeepWorkingAndThenNoAdminTokenIsGenerated() throws Exception {
        var config = List.of(new Tokens.FileToken("ops", Tokens.sha256Hex("from-config"), List.of("admin")));
        Tokens tokens = Tokens.load(config, Map.of("MERIDIAN_TOKEN_CI", "from-env:client,worker"), dir,
                store.tokens());
        assertThat(tokens.authenticate("from-config").orElseThrow().name()).isEqualTo("ops");
        Tokens.Identity ci = tokens.authenticate("from-env").orElseThrow();
        assertThat(ci.name()).isEqualTo("ci");
        assertThat(ci.allows(Scope.WORKER)).isTrue();
        assertThat(ci.allows(Scope.ADMIN)).isFalse();
        assertThat(tokens.generatedTokenFile()).isEmpty();
        assertThat(tokens.adminTokenNote()).isEmpty();
        assertThat(store.tokens().list(10)).isEmpty();
        assertThat(tokens.configured()).extracting(Tokens.Configured::source).containsExactly("config", "environment");
    }

    @Test
    void aRevokedTokenIsRefusedWithinASecondAndAnExpiredOneAtOnce() throws Exception {
        Tokens tokens = coordinator("a");
        Instant now = Instant.now();
        store.tokens().create(new StoredToken("ci", Tokens.sha256Hex("ci-token"), List.of("client"), now, null, null));
        store.tokens().create(new StoredToken("short", Tokens.sha256Hex("short-token"), List.of("client"), now,
                now.plusSeconds(60), null));
        assertThat(tokens.authenticate("ci-token")).isPresent();
        assertThat(tokens.authenticate("short-token")).isPresent();
        store.tokens().revoke("ci", now);
        await().atMost(Duration.ofSeconds(1)).until(() -> tokens.authenticate("ci-token").isEmpty());
        tokens.withClock(InstantSource.fixed(now.plusSeconds(60)));
        assertThat(tokens.authenticate("short-token")).isEmpty();
    }

    @Test
    void duringAStoreOutageATokenSeenBeforeKeepsItsStateAndAnUnknownOneGetsTheStoreError() throws Exception {
        FailingTokens failing = new FailingTokens(store.tokens());
        store.tokens().create(new StoredToken("ci", Tokens.sha256Hex("ci-token"), List.of("client"), Instant.now(),
                null, null));
        Tokens tokens = new Tokens().withStore(failing);
        assertThat(tokens.authenticate("ci-token")).isPresent();
        failing.down = true;
        await().pollDelay(TokenCache.TTL).atMost(Duration.ofSeconds(2))
                .until(() -> tokens.authenticate("ci-token").isPresent());
        assertThatThrownBy(() -> tokens.authenticate("never-seen")).isInstanceOf(StoreException.class);
    }

    /** A token store that fails every lookup while {@code down}. */
    static final class FailingTokens implements TokenStore {
        private final TokenStore target;
        volatile boolean down;

        FailingTokens(TokenStore target) {
            this.target = target;
        }

        @Override
        public boolean create(StoredToken token) {
            return target.create(token);
        }

        @Override
        public Optional<StoredToken> findByHash(String sha256) {
            if (down) {
                throw new StoreException("the database is down");
            }
            return target.findByHash(sha256);
        }

        @Override
        public Optional<StoredToken> findByName(String name) {
            return target.findByName(name);
        }

        @Override
        public List<StoredToken> list(int limit) {
            return target.list(limit);
        }

        @Override
        public Optional<StoredToken> revoke(String name, Instant at) {
            return target.revoke(name, at);
        }
    }
}
