package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.ADMIN;

import io.meridian.model.json.Json;
import io.meridian.server.api.TokenRequests;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.token.StoredToken;
import io.meridian.store.token.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The store's API tokens, for admins: create (the token is in the answer, once, and never again: only its hash
 * is kept), list (no secrets) and revoke. Every coordinator on the store serves them, followers too, since tokens
 * are not the leader's state; a revocation takes effect here at once and on the others within a second.
 */
public final class TokenRoutes {
    /** The most tokens a store holds (revoked ones count: their names stay taken), and so the most listed. */
    static final int MAX_TOKENS = 1000;

    private final Tokens tokens;
    private final TokenStore store;

    public TokenRoutes(Tokens tokens, TokenStore store) {
        this.tokens = tokens;
        this.store = store;
    }

    public void addTo(Routes r) {
        r.post("/v1/tokens", ADMIN, this::create);
        r.get("/v1/tokens", ADMIN, this::list);
        r.delete("/v1/tokens/{name}", ADMIN, this::revoke);
    }

    private void create(Exchange ex) throws Exception {
        TokenRequests.Create body = ex.body(TokenRequests.Create.class);
        String name = body.checkedName();
        Set<Scope> scopes = body.checkedScopes();
        Duration expiry = body.checkedExpiry();
        refuseConfiguredName(name, "create");
        if (store.list(MAX_TOKENS).size() >= MAX_TOKENS) {
            throw new ApiError(409, "too_many_tokens", "the store holds " + MAX_TOKENS + " tokens (revoked ones "
                    + "included), the most it may");
        }
        Instant now = tokens.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        String secret = Tokens.newToken();
        StoredToken created = new StoredToken(name, Tokens.sha256Hex(secret),
                scopes.stream().map(s -> s.name().toLowerCase()).sorted().toList(), now,
                expiry == null ? null : now.plus(expiry), null);
        if (!store.create(created)) {
            throw exists(name);
        }
        ex.json(201, view(created).put("token", secret));
    }

    private void list(Exchange ex) throws Exception {
        ObjectNode out = Json.object();
        var items = out.putArray("items");
        for (Tokens.Configured c : tokens.configured()) {
            items.add(Json.object().put("name", c.name()).put("source", c.source())
                    .set("scopes", Json.toTree(c.scopes().stream().map(s -> s.name().toLowerCase()).sorted().toList())));
        }
        store.list(MAX_TOKENS).forEach(t -> items.add(view(t)));
        ex.json(200, out);
    }

    private void revoke(Exchange ex) throws Exception {
        String name = ex.path("name");
        refuseConfiguredName(name, "revoke");
        StoredToken t = store.revoke(name, tokens.clock().instant().truncatedTo(ChronoUnit.MILLIS))
                .orElseThrow(() -> ApiError.notFound("token '" + name + "'"));
        tokens.forget(t.sha256());
        ex.json(200, view(t));
    }

    private void refuseConfiguredName(String name, String action) {
        for (Tokens.Configured c : tokens.configured()) {
            if (c.name().equals(name)) {
                String where = c.source().equals("environment") ? "the environment (MERIDIAN_TOKEN_"
                        + name.toUpperCase() + ")" : "the config file (auth.tokens)";
                throw new ApiError(409, "token_exists", "cannot " + action + " token '" + name + "': this "
                        + "coordinator has a token of that name from " + where + "; change it there");
            }
        }
    }

    private ApiError exists(String name) {
        String state = store.findByName(name).map(t -> t.revoked() ? " (revoked " + t.revokedAt() + ")" : "")
                .orElse("");
        return new ApiError(409, "token_exists", "a token named '" + name + "' exists" + state + "; a name is "
                + "never reused, so pick another (e.g. " + name + "-2)");
    }

    private static ObjectNode view(StoredToken t) {
        ObjectNode v = Json.object().put("name", t.name()).put("source", "store");
        v.set("scopes", Json.toTree(List.copyOf(t.scopes())));
        v.put("created_at", t.createdAt().toString());
        v.put("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
        v.put("revoked", t.revoked());
        v.put("revoked_at", t.revoked() ? t.revokedAt().toString() : null);
        return v;
    }
}
