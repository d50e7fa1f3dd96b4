package io.meridian.server.http;

import io.meridian.model.json.Json;
import io.meridian.server.auth.TokenRateLimiter;
import io.meridian.server.auth.Tokens;
import io.meridian.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request goes through here: routing (404/405, or a follower's redirect), authentication (401/403), the
 * per-token rate limit (429), admission into its class's slots (503 + Retry-After, at once), the body size
 * limit (413), then the route's handler, with errors as JSON. Runs on a virtual thread per request.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    /** Limits one server applies to each request. */
    public record Limits(long maxBodyBytes, Duration bodyReadTimeout, Duration longPollMax, int longPolls) {}

    private volatile List<Route> routes;
    /** Null while this server leads; else where the leader is, if known, for redirects. */
    private volatile Supplier<Optional<URI>> leader;
    private final Tokens tokens;
    private final TokenRateLimiter rateLimiter;
    private final Limits limits;
    private final Admission admission;
    private final ServerMetrics metrics;

    public ApiHandler(Tokens tokens, TokenRateLimiter rateLimiter, Limits limits, Admission admission,
                      ServerMetrics metrics) {
        this.routes = List.of();
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.admission = admission;
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
    public void follow(List<Route> local, Supplier<Optional<URI>> leaderAddress) {
        this.leader = leaderAddress;
        this.routes = List.copyOf(local);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        // The server's own slowness (a long poll, a slow store) is not the client's fault: the idle timeout
        // cuts a connection only while one of its reads or writes stalls.
        request.addIdleTimeoutListener(idle -> false);
        String template = "unmatched";
        int status = 500;
        Admission.Permit permit = null;
        try {
            Route.Match match = route(request, response);
            template = match.route().template();
            authorize(request, response, match.route());
            RequestClass kind = RequestClass.of(match.route());
            permit = admission.tryAdmit(kind);
            if (permit == null) {
                metrics.shed(kind.name().toLowerCase());
                throw shed(kind);
            }
            refuseDeclaredOversize(request);
            Admission.Permit admitted = permit;
            Exchange exchange = new Exchange(request, response, match, limits,
                    () -> admission.parkAsLongPoll(admitted));
            match.route().handler().handle(exchange);
            if (!exchange.answered()) {
                throw new IllegalStateException("route " + template + " gave no answer");
            }
            status = exchange.status();
            exchange.send(releasing(callback, permit));
            permit = null;
        } catch (IOException gone) {
            // The client went away (a worker stopping mid long-poll, say): nothing to answer.
            log.debug("{} {}: client connection closed: {}", request.getMethod(), path(request), gone.toString());
            status = 499;
            callback.failed(gone);
        } catch (Exception e) {
            status = respond(response, error(request, e), releasing(callback, permit));
            permit = null;
        } finally {
            if (permit != null) {
                permit.release();
            }
            metrics.request(request.getMethod(), template, status, System.nanoTime() - start);
        }
        return true;
    }

    /** A slot is held until the answer is written: a client that reads slowly keeps using its class's share. */
    private static Callback releasing(Callback callback, Admission.Permit permit) {
        return permit == null ? callback : Callback.from(callback, permit::release);
    }

    private Route.Match route(Request request, Response response) {
        // raw: an encoded '/' inside a path parameter (a lock's resource name) must not split the path
        String path = path(request);
        boolean pathKnown = false;
        for (Route r : routes) {
            Map<String, String> p = r.match(path);
            if (p != null) {
                pathKnown = true;
                if (r.method().equals(request.getMethod())) {
                    return new Route.Match(r, p);
                }
            }
        }
        var following = leader;
        if (following != null) {
            throw notLeader(request, response, following.get());
        }
        throw pathKnown ? new ApiError(405, "method_not_allowed", request.getMethod() + " is not supported on "
                + path) : ApiError.notFound("route " + path);
    }

    private static String path(Request request) {
        return request.getHttpURI().getPath();
    }

    private ApiError shed(RequestClass kind) {
        return new ApiError(503, "overloaded", "the coordinator is at capacity: all " + admission.limit(kind)
                + " slots for " + kind.describe() + " (server." + kind.settingKey() + ") are in use; retry shortly");
    }

    private void refuseDeclaredOversize(Request request) {
        if (request.getLength() > limits.maxBodyBytes()) {
            throw BodyReader.tooLarge(limits.maxBodyBytes());
        }
    }

    private static ApiError notLeader(Request request, Response response, Optional<URI> leaderAddress) {
        if (leaderAddress.isEmpty()) {
            return new ApiError(503, "not_leader", "this coordinator is not leading and no leader is known yet "
                    + "(an election is under way); retry shortly");
        }
        String query = request.getHttpURI().getQuery();
        String target = leaderAddress.get().resolve(path(request) + (query == null ? "" : "?" + query)).toString();
        response.getHeaders().put("Location", target);
        response.getHeaders().put("X-Meridian-Leader", leaderAddress.get().toString());
        return new ApiError(307, "not_leader", "this coordinator is a follower; the leader is at " + leaderAddress.get());
    }

    private void authorize(Request request, Response response, Route route) {
        if (route.scope() == null) {
            return;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.getHeaders().put("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "a bearer token is required (Authorization: Bearer <token>)");
        }
        Tokens.Identity who = tokens.authenticate(header.substring(7).strip()).orElseThrow(() -> {
            response.getHeaders().put("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return new ApiError(401, "unauthorized", "unknown token");
        });
        if (!who.allows(route.scope())) {
            throw new ApiError(403, "forbidden", "token '" + who.name() + "' lacks the "
                    + route.scope().name().toLowerCase().replace("_or_", " or ") + " scope needed for "
                    + route.method() + " " + route.template());
        }
        if (!rateLimiter.tryAcquire(who.name())) {
            response.getHeaders().put("Retry-After", "1");
            throw new ApiError(429, "rate_limited", "too many requests for token '" + who.name() + "'");
        }
    }

    private static ApiError error(Request request, Exception e) {
        ApiError error = ErrorMapper.map(e);
        if (error.status() == 503) {
            // expected while a store is down or leadership moves: one line, not a stack trace per request
            log.warn("{} {}: {} ({})", request.getMethod(), path(request), error.getMessage(), e.toString());
        } else if (error.status() >= 500) {
            log.error("{} {} failed", request.getMethod(), path(request), e);
        }
        return error;
    }

    private static int respond(Response response, ApiError error, Callback done) {
        byte[] body = Json.writeBytes(ErrorMapper.body(error));
        response.setStatus(error.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (error.status() == 503 || error.status() == 429) {
            if (!response.getHeaders().contains(HttpHeader.RETRY_AFTER)) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            }
        }
        if (error.closesConnection()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
        }
        response.write(true, ByteBuffer.wrap(body), done);
        return error.status();
    }
}
