package io.meridian.client;

import io.meridian.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's token API ({@code /v1/tokens}, admin scope): create, list and revoke the tokens that every
 * coordinator on the same store accepts. Errors arrive as {@link ApiException} (409 token_exists, 400
 * invalid_scope / invalid_expiry / invalid_field, 404 not_found).
 */
public final class TokenClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpTransport transport;

    public TokenClient(CoordinatorAddresses coordinators, String adminToken) {
        this.transport = new HttpTransport(coordinators, adminToken, TIMEOUT);
    }

    /** A token as listed: never its secret. {@code source} is store, config or environment. */
    public record Token(String name, String source, List<String> scopes, Instant createdAt, Instant expiresAt,
                       Boolean revoked, Instant revokedAt) {}

    /** A token just created, with its secret ({@code token}): the only time the secret is shown. */
    public record Created(String name, String source, List<String> scopes, Instant createdAt, Instant expiresAt,
                          Boolean revoked, Instant revokedAt, String token) {}

    record Page(List<Token> items) {}

    /** Creates a token; {@code expiresIn} such as {@code 30d}, {@code 12h} or {@code P30D}, or null for never. */
    public Created create(String name, List<String> scopes, String expiresIn) {
        ObjectNode body = Json.object().put("name", name);
        body.set("scopes", Json.toTree(scopes));
        if (expiresIn != null) {
            body.put("expires_in", expiresIn);
        }
        return transport.send("POST", "/v1/tokens", body, TIMEOUT, Created.class);
    }

    public List<Token> list() {
        return transport.send("GET", "/v1/tokens", null, TIMEOUT, Page.class).items();
    }

    /** Revokes the token; revoking one already revoked answers it with its first revocation time. */
    public Token revoke(String name) {
        return transport.send("DELETE", "/v1/tokens/" + Paths.segment(name), null, TIMEOUT, Token.class);
    }
}
