package io.meridian.server;

import static io.meridian.server.TestServer.ADMIN;
import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.auth.Tokens;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /v1/tokens}: create (the secret once), list (no secrets), revoke; admin scope only. */
class TokenRoutesTest {
    final TestServer server;

    TokenRoutesTest() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonNode create(String body) throws Exception {
        var r = server.call("POST", "/v1/tokens", ADMIN, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void aCreatedTokenWorksWithItsScopesAndItsSecretIsShownOnlyOnce() throws Exception {
        JsonNode ci = create("{\"name\": \"ci\", \"scopes\": [\"client\"], \"expires_in\": \"30d\"}");
        String secret = ci.path("token").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(ci.path("scopes").toString()).isEqualTo("[\"client\"]");
        assertThat(Duration.between(Instant.parse(ci.path("created_at").asString()),
                Instant.parse(ci.path("expires_at").asString()))).isEqualTo(Duration.ofDays(30));
        assertThat(server.call("GET", "/v1/queue/stats", secret, null).statusCode()).isEqualTo(200);
        assertThat(server.call("POST", "/v1/queue/pause", secret, "{}").statusCode()).isEqualTo(403);

        var listed = server.call("GET", "/v1/tokens", ADMIN, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain(Tokens.sha256Hex(secret));
        JsonNode items = json(listed).path("items");
        assertThat(items.valueStream().map(t -> t.path("name").asString() + ":" + t.path("source").asString()))
                .contains("admin:config", "client:config", "ci:store");
        assertThat(items.valueStream().filter(t -> t.path("name").asString().equals("ci")).findFirst().orElseThrow()
                .has("token")).isFalse();
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndItsNameIsNeverReused() throws Exception {
        String secret = create("{\"name\": \"ci\", \"scopes\": [\"client\", \"worker\"]}").path("token").asString();
        assertThat(server.call("GET", "/v1/queue/stats", secret, null).statusCode()).isEqualTo(200);
        var revoked = server.call("DELETE", "/v1/tokens/ci", ADMIN, null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked).path("revoked").asBoolean()).isTrue();
        var refused = server.call("GET", "/v1/queue/stats", secret, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(message(refused)).isEqualTo("unknown token");
        assertThat(server.call("DELETE", "/v1/tokens/ci", ADMIN, null).statusCode()).as("again: same answer")
                .isEqualTo(200);

        var again = server.call("POST", "/v1/tokens", ADMIN, "{\"name\": \"ci\", \"scopes\": [\"client\"]}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(code(again)).isEqualTo("token_exists");
        assertThat(message(again)).contains("'ci'", "revoked", "ci-2");
    }

    @Test
    void badRequestsAreRefusedWithWhatWasWrong() throws Exception {
        create("{\"name\": \"ci\", \"scopes\": [\"client\"]}");
        var duplicate = server.call("POST", "/v1/tokens", ADMIN, "{\"name\": \"ci\", \"scopes\": [\"admin\"]}");
        assertThat(duplicate.statusCode()).isEqualTo(409);

        var scope = server.call("POST", "/v1/tokens", ADMIN, "{\"name\": \"x\", \"scopes\": [\"root\"]}");
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(code(scope)).isEqualTo("invalid_scope");
        assertThat(message(scope)).contains("'root'", "[client, worker, admin, region]");
        assertThat(json(scope).path("error").path("details").path("allowed").toString())
                .isEqualTo("[\"client\",\"worker\",\"admin\",\"region\"]");
        var noScope = server.call("POST", "/v1/tokens", ADMIN, "{\"name\": \"x\", \"scopes\": []}");
        assertThat(code(noScope)).isEqualTo("invalid_scope");

        for (String expiry : new String[] {"30x", "0d", "99999d", "soon"}) {
            var bad = server.call("POST", "/v1/tokens", ADMIN,
                    "{\"name\": \"x\", \"scopes\": [\"client\"], \"expires_in\": \"" + expiry + "\"}");
            assertThat(bad.statusCode()).as(expiry).isEqualTo(400);
            assertThat(code(bad)).isEqualTo("invalid_expiry");
            assertThat(message(bad)).contains("'" + expiry + "'");
        }
        var name = server.call("POST", "/v1/tokens", ADMIN, "{\"name\": \"a b\", \"scopes\": [\"client\"]}");
        assertThat(code(name)).isEqualTo("invalid_field");
        var unknown = server.call("POST", "/v1/tokens", ADMIN, "{\"name\": \"y\", \"scope\": [\"client\"]}");
        assertThat(code(unknown)).isEqualTo("unknown_field");
        var configured = server.call("DELETE", "/v1/tokens/client", ADMIN, null);
        assertThat(configured.statusCode()).isEqualTo(409);
        assertThat(message(configured)).contains("config file");
        assertThat(server.call("DELETE", "/v1/tokens/nobody", ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyAdminsManageTokens() throws Exception {
        assertThat(server.call("GET", "/v1/tokens", CLIENT, null).statusCode()).isEqualTo(403);
        assertThat(server.call("POST", "/v1/tokens", CLIENT, "{\"name\": \"x\", \"scopes\": [\"admin\"]}")
                .statusCode()).isEqualTo(403);
        assertThat(server.call("DELETE", "/v1/tokens/x", null, null).statusCode()).isEqualTo(401);
    }
}
