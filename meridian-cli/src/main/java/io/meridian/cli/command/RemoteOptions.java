package io.meridian.cli.command;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How client commands (and workers) reach a coordinator server. Without {@code --coordinator} (or
 * MERIDIAN_COORDINATOR) they read the embedded store under {@code --data-dir} instead. The token comes from, in
 * order: {@code --token}, {@code --token-file}, MERIDIAN_TOKEN, MERIDIAN_TOKEN_FILE, or the admin token a server on
 * this machine wrote into its data directory. A token on the command line is visible to every user of the machine
 * (in {@code ps}), so the file and the environment are the ways to prefer.
 */
public final class RemoteOptions {
    /** A token file holds one token; anything this big is not one. */
    static final int MAX_TOKEN_FILE_BYTES = 4096;

    @Option(names = "--coordinator", scope = ScopeType.INHERIT, paramLabel = "URL[,URL...]", defaultValue = "${env:MERIDIAN_COORDINATOR}",
            description = "Coordinator address(es); failover in order (env: MERIDIAN_COORDINATOR).")
    String coordinator;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "Bearer token. Visible to other users in ps: prefer --token-file or MERIDIAN_TOKEN.")
    String token;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the bearer token from FILE (env: MERIDIAN_TOKEN_FILE). Without --token or "
                    + "--token-file: env MERIDIAN_TOKEN, then <data-dir>/admin.token if present.")
    Path tokenFile;

    /** Where environment variables come from (a test can stand in). */
    java.util.function.Function<String, String> env = System::getenv;

    /** Refuses a server-only command when no coordinator was given. */
    void require(String command) {
        if (!isRemote()) {
            throw new IllegalArgumentException(command + " needs a coordinator: --coordinator http://host:7070 "
                    + "(or MERIDIAN_COORDINATOR)");
        }
    }

    boolean isRemote() {
        return coordinator != null && !coordinator.isBlank();
    }

    MeridianClient client(Path dataDir) {
        return new MeridianClient(CoordinatorAddresses.parse(coordinator), token(dataDir));
    }

    String token(Path dataDir) {
        if (token != null && tokenFile != null) {
            throw new IllegalArgumentException("give either --token or --token-file, not both");
        }
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        if (tokenFile != null) {
            return readTokenFile(tokenFile, "--token-file");
        }
        String fromEnv = env.apply("MERIDIAN_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        String fileFromEnv = env.apply("MERIDIAN_TOKEN_FILE");
        if (fileFromEnv != null && !fileFromEnv.isBlank()) {
            return readTokenFile(Path.of(fileFromEnv.strip()), "MERIDIAN_TOKEN_FILE");
        }
        Path file = dataDir.resolve("admin.token");
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The token in {@code file}: its content without surrounding whitespace; empty or oversized is an error. */
    static String readTokenFile(Path file, String source) {
        try {
            if (Files.size(file) > MAX_TOKEN_FILE_BYTES) {
                throw new IllegalArgumentException(source + " " + file + " is over " + MAX_TOKEN_FILE_BYTES
                        + " bytes: it should hold just the token");
            }
            String value = Files.readString(file).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(source + " " + file + " is empty: it should hold the token");
            }
            if (value.lines().count() > 1) {
                throw new IllegalArgumentException(source + " " + file + " has several lines: it should hold just "
                        + "the token");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + " (" + source + "): "
                    + e.getMessage());
        }
    }
}
