package io.meridian.server.auth;

import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens with scopes. Only SHA-256 hashes are kept. Sources: the config ({@code auth.tokens: [{name,
 * scopes, sha256}]}) and the environment ({@code MERIDIAN_TOKEN_<NAME>=<token>:<scope,scope>}), compared in
 * constant time each; and the store, shared by every coordinator on it ({@code meridian tokens create}, and the
 * admin token generated when neither config nor environment holds a token, see {@link GeneratedAdminToken}).
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Never used itself, only cloned (a digest holds state while it hashes). */
    private static final MessageDigest SHA_256 = sha256Digest();

    /** A known token: who it is and what it may do. */
    public record Identity(String name, Set<Scope> scopes) {
        public boolean allows(Scope needed) {
            return scopes.contains(Scope.ADMIN) || scopes.contains(needed) || needed == Scope.CLIENT_OR_WORKER
                    && (scopes.contains(Scope.CLIENT) || scopes.contains(Scope.WORKER));
        }
    }

    /** A token from the config file or the environment: not in the store, so not revocable through the API. */
    public record Configured(String name, Set<Scope> scopes, String source) {}

    private record Entry(byte[] hash, Identity identity, String source) {}

    private final List<Entry> entries = new ArrayList<>();
    private TokenCache stored;
    private InstantSource clock = InstantSource.system();
    private GeneratedAdminToken.Outcome generated;

    /**
     * A token listed in the configuration file's {@code auth.tokens}: a name for logs, the hex SHA-256 of the secret
     * (never the secret) and its scopes. The file's reader has checked the hash and the scopes.
     */
    public record FileToken(String name, String sha256, List<String> scopes) {
        public FileToken {
            scopes = scopes == null ? List.of() : scopes;
        }
    }

    /**
     * The tokens of a coordinator on {@code store}: the config file's and the environment's, the store's, and, when
     * neither config nor environment holds one, the store's generated admin token (made if the store has none).
     */
    public static Tokens load(List<FileToken> fromFile, Map<String, String> env, Path dataDir, TokenStore store)
            throws IOException {
        Tokens t = new Tokens();
        for (FileToken e : fromFile) {
            t.add(HexFormat.of().parseHex(e.sha256()), e.name() == null ? "token" : e.name(), scopes(e.scopes()),
                    "config");
        }
        env.forEach((k, v) -> {
            if (k.startsWith("MERIDIAN_TOKEN_") && v.contains(":")) {
                int colon = v.lastIndexOf(':');
                t.add(sha256(v.substring(0, colon)), k.substring("MERIDIAN_TOKEN_".length()).toLowerCase(),
                        scopes(List.of(v.substring(colon + 1).split(","))), "environment");
            }
        });
        t.withStore(store);
        if (t.entries.isEmpty()) {
            t.generated = GeneratedAdminToken.ensure(dataDir, store, t.clock.instant());
        }
        return t;
    }

    public Tokens add(byte[] hash, String name, Set<Scope> scopes) {
        return add(hash, name, scopes, "config");
    }

    private Tokens add(byte[] hash, String name, Set<Scope> scopes, String source) {
        entries.add(new Entry(hash, new Identity(name, Set.copyOf(scopes)), source));
        return this;
    }

    public Tokens addToken(String token, String name, Set<Scope> scopes) {
        return add(sha256(token), name, scopes);
    }

    /** Also accepts the tokens of {@code store} (and serves the token routes on it). */
    public Tokens withStore(TokenStore store) {
        this.stored = new TokenCache(store, System::nanoTime);
        return this;
    }

    /** Judges expiry by {@code clock} (tests). */
    public Tokens withClock(InstantSource clock) {
        this.clock = clock;
        return this;
    }

    /**
     * The identity of a presented token. Configured tokens are each compared in constant time; a store token is
     * found by its hash (a lookup that reveals nothing useful about the token itself), and must be neither
     * revoked nor expired.
     */
    public Optional<Identity> authenticate(String token) {
        byte[] hash = sha256(token);
        Identity found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(hash, e.hash) && found == null) {
                found = e.identity;
            }
        }
        if (found != null || stored == null) {
            return Optional.ofNullable(found);
        }
        return stored.find(HexFormat.of().formatHex(hash)).filter(t -> t.activeAt(clock.instant()))
                .map(Tokens::identity);
    }

    private static Identity identity(StoredToken t) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : t.scopes()) {
            try {
                scopes.add(Scope.parse(s));
            } catch (IllegalArgumentException unknown) {
                // a scope a newer version wrote: grants nothing here
            }
        }
        return new Identity(t.name(), scopes);
    }

    /** The store's tokens, when this coordinator has a store. */
    public Optional<TokenStore> store() {
        return Optional.ofNullable(stored).map(TokenCache::store);
    }

    /** Forgets what this coordinator remembered of a token's state (after revoking it here). */
    public void forget(String sha256) {
        if (stored != null) {
            stored.forget(sha256);
        }
    }

    public InstantSource clock() {
        return clock;
    }

    /** The tokens from the config file and the environment, in the order given. */
    public List<Configured> configured() {
        return entries.stream().map(e -> new Configured(e.identity.name(), e.identity.scopes(), e.source)).toList();
    }

    /** Where this coordinator's generated admin token is, if it has it (the CLI on this machine reads it). */
    public Optional<Path> generatedTokenFile() {
        return generated == null ? Optional.empty() : generated.file();
    }

    /** One line for the start banner on where the admin token is, when no token is configured. */
    public Optional<String> adminTokenNote() {
        return generated == null ? Optional.empty() : Optional.of(generated.note());
    }

    private static Set<Scope> scopes(List<String> names) {
        Set<Scope> s = EnumSet.noneOf(Scope.class);
        names.forEach(n -> s.add(Scope.parse(n)));
        return s;
    }

    /** What every token Meridian makes starts with. */
    public static final String PREFIX = "mrd_";

    /**
     * A new random token: {@link #PREFIX}, then 32 bytes from {@link SecureRandom} in URL-safe Base64 (47
     * characters). The prefix keeps a token from starting with '-', which a command line (`--token -Vx…`) would read
     * as options, and lets secret scanners recognise a leaked one.
     */
    public static String newToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static byte[] sha256(String token) {
        try {
            // a clone of a ready digest: every authenticated request hashes its token, and getInstance looks the
            // algorithm up through the security providers each time
            return ((MessageDigest) SHA_256.clone()).digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
