package io.meridian.cli.command;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How client commands reach a coordinator server. Without {@code --coordinator} (or MERIDIAN_COORDINATOR) they
 * read the embedded store under {@code --data-dir} instead. The token comes from {@code --token},
 * MERIDIAN_TOKEN, or the admin token a server on this machine wrote into its data directory.
 */
public final class RemoteOptions {
    @Option(names = "--coordinator", paramLabel = "URL[,URL...]", defaultValue = "${env:MERIDIAN_COORDINATOR}",
            description = "Coordinator address(es); failover in order (env: MERIDIAN_COORDINATOR).")
    String coordinator;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:MERIDIAN_TOKEN}",
            description = "Bearer token (env: MERIDIAN_TOKEN; default: <data-dir>/admin.token if present).")
    String token;

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
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        Path file = dataDir.resolve("admin.token");
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
