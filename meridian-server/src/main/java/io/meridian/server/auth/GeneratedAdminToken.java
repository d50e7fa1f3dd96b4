package io.meridian.server.auth;

import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token a coordinator makes when no token is configured: one per store, named {@value #NAME}. The
 * first coordinator that finds none writes a new token to {@code <data-dir>/admin.token} (mode 0600) and then
 * inserts its hash if absent; of coordinators starting together exactly one insert wins, and the losers delete
 * their file. The file is written before the insert, so a crash in between leaves a file whose token the next
 * start registers, never a stored hash whose token nobody has. A coordinator that finds the store's admin token
 * made elsewhere cannot show it (only its hash is stored): {@link #note} tells the operator where to get one.
 */
final class GeneratedAdminToken {
    private static final Logger log = LoggerFactory.getLogger(GeneratedAdminToken.class);
    static final String NAME = "admin";
    static final String FILE = "admin.token";

    /** What this coordinator found or did: the file holding a valid admin token, if it has one. */
    record Outcome(Optional<Path> file, String note) {}

    private GeneratedAdminToken() {}

    static Outcome ensure(Path dataDir, TokenStore store, Instant now) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return fromExistingFile(file, store, now);
        }
        Optional<StoredToken> existing = store.findByName(NAME);
        if (existing.isPresent()) {
            return existing.get().activeAt(now) ? heldElsewhere(file) : new Outcome(Optional.empty(),
                    "Admin token: the store's generated admin token was revoked or has expired (none is made "
                            + "again); use another admin token, from `meridian tokens create`, the config or the "
                            + "environment");
        }
        String token = Tokens.newToken();
        writeOwnerOnly(file, token);
        if (store.create(record(token, now))) {
            return valid(file);
        }
        Files.deleteIfExists(file); // another coordinator's insert won the race
        return heldElsewhere(file);
    }

    private static Outcome fromExistingFile(Path file, TokenStore store, Instant now) throws IOException {
        String token = Files.readString(file).strip();
        restrictToOwner(file);
        Optional<StoredToken> known = store.findByHash(Tokens.sha256Hex(token));
        if (known.isPresent()) {
            return known.get().activeAt(now) ? valid(file) : new Outcome(Optional.empty(), "Admin token: the one in "
                    + file.toAbsolutePath() + " was revoked or has expired; use another admin token, or one from "
                    + "`meridian tokens create` made with an admin token");
        }
        // A file from before tokens lived in the store, or a crash between writing it and the insert.
        if (store.create(record(token, now))) {
            return valid(file);
        }
        log.warn("{} holds a token this store does not know: the store's admin token was made by another "
                + "coordinator; this file's token will be refused", file.toAbsolutePath());
        return heldElsewhere(file);
    }

    private static StoredToken record(String token, Instant now) {
        return new StoredToken(NAME, Tokens.sha256Hex(token), List.of("admin"), now.truncatedTo(ChronoUnit.MILLIS),
                null, null);
    }

    private static Outcome valid(Path file) {
        return new Outcome(Optional.of(file), "Admin token: " + file.toAbsolutePath()
                + " (the CLI on this machine reads it from --data-dir)");
    }

    private static Outcome heldElsewhere(Path file) {
        return new Outcome(Optional.empty(), "Admin token: made by the first coordinator on this store, which "
                + "wrote it to admin.token in its data directory (only its hash is stored, so it cannot be shown "
                + "here); use that file, or a token from `meridian tokens create`");
    }

    /** Written under a temporary name and moved into place: a reader never sees a half-written token. */
    private static void writeOwnerOnly(Path file, String token) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrictToOwner(tmp);
        Files.writeString(tmp, token + "\n");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file stays readable by its owner's ACL only by default.
        }
    }
}
