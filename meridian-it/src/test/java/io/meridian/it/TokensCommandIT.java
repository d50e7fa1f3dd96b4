package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code meridian tokens create|list|revoke} against a server process, as an operator uses them. */
class TokensCommandIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anOperatorCreatesListsAndRevokesATokenAndSeesClearErrors() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coord");
        var created = cluster.cli(server, "tokens", "create", "--name", "ci", "--scopes", "client", "--expires", "30d");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String token = created.stdout().strip();
        assertThat(token).doesNotContainAnyWhitespaces().hasSizeGreaterThanOrEqualTo(43);
        assertThat(created.stderr()).contains("'ci'", "client", "shown this once");

        var asClient = CliProcess.run(dir, "executions", "--coordinator", server.url(), "--token", token);
        assertThat(asClient.exitCode()).as(asClient.toString()).isZero();

        var table = cluster.cli(server, "tokens", "list");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains("NAME", "SCOPES", "STATUS", "EXPIRES").doesNotContain(token);
        assertThat(table.stdout().lines().filter(l -> l.startsWith("ci "))).singleElement().asString()
                .contains("client", "store", "active");
        var json = cluster.cli(server, "tokens", "list", "--json");
        JsonNode ci = Json.parse(json.stdout()).path("items").valueStream()
                .filter(t -> t.path("name").asString().equals("ci")).findFirst().orElseThrow();
        assertThat(ci.path("scopes").toString()).isEqualTo("[\"client\"]");
        assertThat(ci.has("token")).isFalse();

        var duplicate = cluster.cli(server, "tokens", "create", "--name", "ci", "--scopes", "client");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.stderr()).contains("a token named 'ci' exists");
        var scope = cluster.cli(server, "tokens", "create", "--name", "x", "--scopes", "root");
        assertThat(scope.exitCode()).isEqualTo(2);
        assertThat(scope.stderr()).contains("unknown scope 'root'", "[client, worker, admin, region]");
        var expiry = cluster.cli(server, "tokens", "create", "--name", "x", "--scopes", "client", "--expires", "soon");
        assertThat(expiry.exitCode()).isEqualTo(2);
        assertThat(expiry.stderr()).contains("expires_in 'soon' is not a duration", "30d");

        Path file = dir.resolve("worker.token");
        var toFile = cluster.cli(server, "tokens", "create", "--name", "w", "--scopes", "worker", "--output",
                file.toString());
        assertThat(toFile.exitCode()).as(toFile.toString()).isZero();
        assertThat(toFile.stdout()).isBlank();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        var revoked = cluster.cli(server, "tokens", "revoke", "ci");
        assertThat(revoked.exitCode()).as(revoked.toString()).isZero();
        assertThat(revoked.stdout()).contains("Revoked token 'ci'");
        var refused = CliProcess.run(dir, "executions", "--coordinator", server.url(), "--token", token);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("unknown token");
        assertThat(cluster.cli(server, "tokens", "list").stdout()).contains("revoked");

        var noServer = CliProcess.run(dir, "tokens", "list", "--data-dir", dir.resolve("none").toString());
        assertThat(noServer.exitCode()).isEqualTo(2);
        assertThat(noServer.stderr()).contains("tokens needs a coordinator");
    }
}
