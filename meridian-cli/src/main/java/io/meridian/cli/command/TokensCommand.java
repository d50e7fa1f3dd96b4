package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.client.ApiException;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.TokenClient;
import io.meridian.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meridian tokens}: the API tokens every coordinator on a store accepts, managed through a coordinator
 * with an admin token. The store keeps only SHA-256 hashes, so a token's secret is printed once, at creation.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke API tokens (needs an admin token). Tokens live in the store: every "
                + "coordinator sharing it accepts them, and a revocation reaches all of them within a second.", "",
                "Examples:",
                "  meridian tokens create --name ci --scopes client --expires 30d > ci.token",
                "  meridian tokens create --name workers --scopes worker --output worker.token",
                "  meridian tokens list",
                "  meridian tokens revoke ci"},
        subcommands = {TokensCommand.Create.class, TokensCommand.List.class, TokensCommand.Revoke.class})
public final class TokensCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return ExitCode.OK;
    }

    /** Each subcommand takes the coordinator and token options itself, so they may follow it. */
    abstract static class Remote {
        @Mixin
        DataDirOption store;

        @Mixin
        RemoteOptions remote;

        TokenClient client() {
            remote.require("tokens");
            return new TokenClient(CoordinatorAddresses.parse(remote.coordinator), remote.token(store.dataDir));
        }
    }

    /** A refusal the user can act on, as one line; 400s are usage errors (exit 2), the rest exit 1. */
    static int refused(ApiException e) {
        System.err.println("error: " + e.getMessage());
        return e.status() == 400 ? ExitCode.USAGE : ExitCode.FAILED;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a token and print it once (stdout, alone on its line; or into --output). Only "
                    + "its hash is stored: it cannot be shown again."})
    static final class Create extends Remote implements Callable<Integer> {
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Its name: 1-64 letters, digits, '.', '_' or '-'. Never reused, even after revocation.")
        String name;

        @Option(names = "--scopes", required = true, split = ",", paramLabel = "SCOPE[,SCOPE...]",
                description = "What it may do: client (submit and read), worker (take and report jobs), admin "
                        + "(everything), region (run federated stages here).")
        java.util.List<String> scopes;

        @Option(names = "--expires", paramLabel = "DURATION",
                description = "It stops working after this long: 30d, 12h, 90m or ISO-8601 such as P30D "
                        + "(1 minute to 3650 days). Default: never.")
        String expires;

        @Option(names = "--output", paramLabel = "FILE",
                description = "Write the token to FILE (created readable by you only) instead of printing it.")
        Path output;

        @Option(names = "--json", description = "Print the token and its details as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (output != null && Files.exists(output)) {
                throw new IllegalArgumentException("--output " + output + " exists; give a new file");
            }
            TokenClient.Created t;
            try {
                t = client().create(name, scopes, expires);
            } catch (ApiException e) {
                return refused(e);
            }
            if (output != null) {
                writeOwnerOnly(output, t.token());
                System.err.println("Created token '" + t.name() + "' in " + output + describe(t.scopes(), t.expiresAt()));
            } else if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(t));
            } else {
                System.out.println(t.token());
                System.err.println("Created token '" + t.name() + "'" + describe(t.scopes(), t.expiresAt())
                        + ". It is shown this once: only its hash is stored.");
            }
            return ExitCode.OK;
        }

        private static String describe(java.util.List<String> scopes, Instant expires) {
            return " (scopes " + String.join(",", scopes) + "; " + (expires == null ? "never expires"
                    : "expires " + expires) + ")";
        }

        private static void writeOwnerOnly(Path file, String token) throws IOException {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the owner's ACL applies
            }
            Files.writeString(file, token + "\n");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every token this coordinator accepts: the store's, and its own from the config file and "
                    + "the environment. Never a secret.")
    static final class List extends Remote implements Callable<Integer> {
        @Option(names = "--json", description = "Print the tokens as JSON.")
        boolean json;

        @Override
        public Integer call() {
            java.util.List<TokenClient.Token> all;
            try {
                all = client().list();
            } catch (ApiException e) {
                return refused(e);
            }
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                        Json.object().set("items", Json.toTree(all))));
                return ExitCode.OK;
            }
            Instant now = Instant.now();
            TableView t = new TableView("NAME", "SCOPES", "SOURCE", "STATUS", "CREATED", "EXPIRES");
            for (TokenClient.Token k : all) {
                t.row(k.name(), String.join(",", k.scopes()), k.source(), status(k, now), k.createdAt(),
                        k.expiresAt() == null ? (k.source().equals("store") ? "never" : null) : k.expiresAt());
            }
            t.print(System.out);
            return ExitCode.OK;
        }

        private static String status(TokenClient.Token k, Instant now) {
            if (Boolean.TRUE.equals(k.revoked())) {
                return "revoked " + k.revokedAt();
            }
            return k.expiresAt() != null && !now.isBefore(k.expiresAt()) ? "expired" : "active";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token: every coordinator on the store refuses it within a second. Tokens from "
                    + "a config file or the environment are removed there instead.")
    static final class Revoke extends Remote implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "The token's name, as `tokens list` shows it.")
        String name;

        @Override
        public Integer call() {
            TokenClient.Token t;
            try {
                t = client().revoke(name);
            } catch (ApiException e) {
                return refused(e);
            }
            System.out.println("Revoked token '" + t.name() + "' (at " + t.revokedAt()
                    + "): every coordinator on the store refuses it within a second");
            return ExitCode.OK;
        }
    }
}
