package io.meridian.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.meridian.server.auth.TokenRateLimiter;
import io.meridian.server.auth.Tokens;
import io.meridian.server.metrics.ServerMetrics;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request goes through here: load shedding (503), routing (404/405), authentication (401/403), the
 * per-token rate limit (429), the body size limit (413), then the route's handler, with errors as JSON.
 */
public final class ApiHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    /** Limits one server applies. */
    public record Limits(long maxBodyBytes, int maxConcurrentRequests) {}

    private volatile List<Route> routes;
    /** Null while this server leads; else where the leader is, if known, for redirects. */
    private volatile java.util.function.Supplier<java.util.Optional<java.net.URI>> leader;
    private final Tokens tokens;
    private final TokenRateLimiter rateLimiter;
    private final Limits limits;
    private final Semaphore inFlight;
    private final ServerMetrics metrics;

    public ApiHandler(List<Route> routes, Tokens tokens, TokenRateLimiter rateLimiter, Limits limits,
                      ServerMetrics metrics) {
        this.routes = List.copyOf(routes);
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.inFlight = new Semaphore(limits.maxConcurrentRequests());
        this.metrics = metrics;
    }

    /** This server leads: serve {@code all}. */
    public void lead(List<Route> all) {
        this.routes = List.copyOf(all);
        this.leader = null;
    }

    /**
     * This server follows: serve {@code local} (health, metrics, reads from the store) and send everything else
     * to the leader with 307 (method and body kept), or 503 {@code not_leader} while no leader is known.
     */
    public void follow(List<Route> local, java.util.function.Supplier<java.util.Optional<java.net.URI>> leaderAddress) {
        this.leader = leaderAddress;
        this.routes = List.copyOf(local);
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        long start = System.nanoTime();
        String template = "unmatched";
        int status = 500;
        if (!inFlight.tryAcquire()) {
            http.getResponseHeaders().set("Retry-After", "1");
            status = respond(http, new ApiError(503, "overloaded", "the coordinator is at capacity; retry shortly"));
            metrics.request(http.getRequestMethod(), template, status, System.nanoTime() - start);
            return;
        }
        try {
            // raw: an encoded '/' inside a path parameter (a lock's resource name) must not split the path
            String path = http.getRequestURI().getRawPath();
            Route route = null;
            Map<String, String> params = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Map<String, String> p = r.match(path);
                if (p != null) {
                    pathKnown = true;
                    if (r.method().equals(http.getRequestMethod())) {
                        route = r;
                        params = p;
                        break;
                    }
                }
            }
            var following = leader;
            if (route == null && following != null) {
                throw notLeader(http, following.get());
            }
            if (route == null) {
                throw pathKnown ? new ApiError(405, "method_not_allowed", http.getRequestMethod() + " is not "
                        + "supported on " + path) : ApiError.notFound("route " + path);
            }
            template = route.template();
            authorize(http, route);
            String length = http.getRequestHeaders().getFirst("Content-Length");
            if (length != null && Long.parseLong(length) > limits.maxBodyBytes()) {
                throw new ApiError(413, "payload_too_large", "request body of " + length + " bytes is over the "
                        + limits.maxBodyBytes() + "-byte limit");
            }
            Exchange exchange = new Exchange(http, params, limits.maxBodyBytes(), template);
            route.handler().handle(exchange);
            status = exchange.status();
        } catch (java.io.IOException gone) {
            // The client went away (a worker stopping mid long-poll, say): nothing to answer.
            log.debug("{} {}: client connection closed: {}", http.getRequestMethod(), http.getRequestURI().getPath(),
                    gone.toString());
            status = 499;
        } catch (Exception e) {
            ApiError error = ErrorMapper.map(e);
            if (error.status() == 503) {
                // expected while a store is down or leadership moves: one line, not a stack trace per request
                http.getResponseHeaders().putIfAbsent("Retry-After", java.util.List.of("1"));
                log.warn("{} {}: {} ({})", http.getRequestMethod(), http.getRequestURI().getPath(), error.getMessage(),
                        e.toString());
            } else if (error.status() >= 500) {
                log.error("{} {} failed", http.getRequestMethod(), http.getRequestURI().getPath(), e);
            }
            status = respond(http, error);
        } finally {
            inFlight.release();
            http.close();
            metrics.request(http.getRequestMethod(), template, status, System.nanoTime() - start);
        }
    }

    private static ApiError notLeader(HttpExchange http, java.util.Optional<java.net.URI> leaderAddress) {
        if (leaderAddress.isEmpty()) {
            http.getResponseHeaders().set("Retry-After", "1");
            return new ApiError(503, "not_leader", "this coordinator is not leading and no leader is known yet "
                    + "(an election is under way); retry shortly");
        }
        String target = leaderAddress.get().resolve(http.getRequestURI().getRawPath()
                + (http.getRequestURI().getRawQuery() == null ? "" : "?" + http.getRequestURI().getRawQuery())).toString();
        http.getResponseHeaders().set("Location", target);
        http.getResponseHeaders().set("X-Meridian-Leader", leaderAddress.get().toString());
        return new ApiError(307, "not_leader", "this coordinator is a follower; the leader is at " + leaderAddress.get());
    }

    private void authorize(HttpExchange http, Route route) {
        if (route.scope() == null) {
            return;
        }
        String header = http.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            http.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "a bearer token is required (Authorization: Bearer <token>)");
        }
        Tokens.Identity who = tokens.authenticate(header.substring(7).strip()).orElseThrow(() -> {
            http.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return new ApiError(401, "unauthorized", "unknown token");
        });
        if (!who.allows(route.scope())) {
            throw new ApiError(403, "forbidden", "token '" + who.name() + "' lacks the "
                    + route.scope().name().toLowerCase().replace("_or_", " or ") + " scope needed for " + route.method() + " " + route.template());
        }
        if (!rateLimiter.tryAcquire(who.name())) {
            http.getResponseHeaders().set("Retry-After", "1");
            throw new ApiError(429, "rate_limited", "too many requests for token '" + who.name() + "'");
        }
    }

    private static int respond(HttpExchange http, ApiError error) {
        try {
            byte[] body = io.meridian.model.json.Json.write(ErrorMapper.body(error))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", "application/json");
            http.sendResponseHeaders(error.status(), body.length);
            http.getResponseBody().write(body);
        } catch (IOException | RuntimeException alreadySent) {
            log.debug("Could not send the error response: {}", alreadySent.toString());
        }
        return error.status();
    }
}
