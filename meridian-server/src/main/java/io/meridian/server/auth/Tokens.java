package io.meridian.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens with scopes. Only SHA-256 hashes are kept, and a presented token's hash is compared with every
 * known hash in constant time. Sources: the config ({@code auth.tokens: [{name, scopes, sha256}]}), the
 * environment ({@code MERIDIAN_TOKEN_<NAME>=<token>:<scope,scope>}), or, when neither holds a token, an admin
 * token generated into {@code <data-dir>/admin.token} (mode 0600) for the CLI on the same machine.
 */
public final class Tokens {
    /** A known token: who it is and what it may do. */
    public record Identity(String name, Set<Scope> scopes) {
        public boolean allows(Scope needed) {
            return scopes.contains(Scope.ADMIN) || scopes.contains(needed) || needed == Scope.CLIENT_OR_WORKER
                    && (scopes.contains(Scope.CLIENT) || scopes.contains(Scope.WORKER));
        }
    }

    private record Entry(byte[] hash, Identity identity) {}

    private final List<Entry> entries = new ArrayList<>();
    private Path generatedFile;

    /**
     * A token listed in the configuration file's {@code auth.tokens}: a name for logs, the hex SHA-256 of the secret
     * (never the secret) and its scopes. The file's reader has checked the hash and the scopes.
     */
    public record Configured(String name, String sha256, List<String> scopes) {
        public Configured {
            scopes = scopes == null ? List.of() : scopes;
        }
    }

    /** The configured tokens, then those of MERIDIAN_TOKEN_* variables; with none, a generated admin token. */
    public static Tokens load(List<Configured> configured, Map<String, String> env, Path dataDir) throws IOException {
        Tokens t = new Tokens();
        for (Configured e : configured) {
            t.add(HexFormat.of().parseHex(e.sha256()), e.name() == null ? "token" : e.name(), scopes(e.scopes()));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("MERIDIAN_TOKEN_") && v.contains(":")) {
                int colon = v.lastIndexOf(':');
                t.add(sha256(v.substring(0, colon)), k.substring("MERIDIAN_TOKEN_".length()).toLowerCase(),
                        scopes(List.of(v.substring(colon + 1).split(","))));
            }
        });
        if (t.entries.isEmpty()) {
            t.generateAdmin(dataDir);
        }
        return t;
    }

    public Tokens add(byte[] hash, String name, Set<Scope> scopes) {
        entries.add(new Entry(hash, new Identity(name, Set.copyOf(scopes))));
        return this;
    }

    public Tokens addToken(String token, String name, Set<Scope> scopes) {
        return add(sha256(token), name, scopes);
    }

    /** The identity of a presented token; every entry is compared, in constant time each. */
    public Optional<Identity> authenticate(String token) {
        byte[] hash = sha256(token);
        Identity found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(hash, e.hash) && found == null) {
                found = e.identity;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Where the generated admin token was written, if one was. */
    public Optional<Path> generatedTokenFile() {
        return Optional.ofNullable(generatedFile);
    }

    private void generateAdmin(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("admin.token");
        String token;
        if (Files.exists(file)) {
            token = Files.readString(file).strip();
        } else {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, token + "\n");
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file stays readable by its owner's ACL only by default.
        }
        addToken(token, "admin", EnumSet.of(Scope.ADMIN));
        generatedFile = file;
    }

    private static Set<Scope> scopes(List<String> names) {
        Set<Scope> s = EnumSet.noneOf(Scope.class);
        names.forEach(n -> s.add(Scope.parse(n)));
        return s;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
