package io.meridian.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.meridian.model.json.Json;
import io.meridian.server.auth.TokenRateLimiter;
import io.meridian.server.auth.Tokens;
import io.meridian.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API on Javalin: each {@link Route} becomes a Javalin endpoint whose handler checks, in order, the bearer
 * token (401/403), the per-token rate limit (429), admission into its class's slots (503 + Retry-After, at
 * once) and the declared body size (413), then runs the route with an {@link Exchange}. Javalin matches paths
 * (404/405, or a follower's redirect to the leader); every error is answered as JSON
 * {@code {"error": {"code", "message", "details"}}}. Handlers run on virtual threads.
 */
public final class ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final Duration DISCARD_PATIENCE = Duration.ofMillis(500);

    /** Limits one server applies to each request. */
    public record Limits(long maxBodyBytes, Duration bodyReadTimeout, Duration longPollMax, int longPolls) {}

    /** Null while this server leads; else where the leader is, if known, for redirects. */
    private volatile Supplier<Optional<URI>> leader;
    private final Tokens tokens;
    private final TokenRateLimiter rateLimiter;
    private final Limits limits;
    private final Admission admission;
    private final ServerMetrics metrics;
    private RouteSwitch router;
    /** The workers' hot routes, served by Jetty in front of Javalin; see {@link HotRoutes}. */
    private final HotRoutes hot = new HotRoutes(this);

    public ApiHandler(Tokens tokens, TokenRateLimiter rateLimiter, Limits limits, Admission admission,
                      ServerMetrics metrics) {
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.admission = admission;
        this.metrics = metrics;
    }

    /** The Jetty handler that serves the workers' hot routes before Javalin's servlet layer sees them. */
    HotRoutes hotRoutes() {
        return hot;
    }

    /** Puts this API into a Javalin configuration: its router, and its error answers. */
    void install(JavalinConfig cfg) {
        router = new RouteSwitch(cfg.unsafe);
        cfg.unsafe.internalRouter = router;
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> answerError(ctx, unmatched(ctx, e)));
        cfg.routes.exception(Exception.class, (e, ctx) -> answerError(ctx, errorFor(JavalinCall.of(ctx), e)));
    }

    private void answerError(Context ctx, ApiError error) {
        JavalinCall call = JavalinCall.of(ctx);
        if (!error.closesConnection()) {
            discardUnread(call.request());
        }
        ctx.result(errorAnswer(call, error));
    }

    /** This server leads: serve {@code all}. */
    public void lead(List<Route> all) {
        this.leader = null;
        router.replace(all.stream().map(this::endpoint).toList());
        hot.serve(all);
    }

    /**
     * This server follows: serve {@code local} (health, metrics, reads from the store) and send everything else
     * to the leader with 307 (method and body kept), or 503 {@code not_leader} while no leader is known.
     */
    public void follow(List<Route> local, Supplier<Optional<URI>> leaderAddress) {
        this.leader = leaderAddress;
        hot.serve(local);
        router.replace(local.stream().map(this::endpoint).toList());
    }

    private Endpoint endpoint(Route route) {
        return new Endpoint(HandlerType.findOrCreate(route.method()), route.template(), ctx -> serve(route, ctx));
    }

    private void serve(Route route, Context ctx) throws Exception {
        JavalinCall call = JavalinCall.of(ctx);
        Exchange exchange = run(route, call);
        byte[] body = exchange.takeBody();
        if (body != null) {
            call.write(body);
        }
    }

    /**
     * Checks {@code call} (token, rate limit, admission, declared size), runs {@code route} and leaves its answer
     * in the returned exchange, with the rest of the request's body read and dropped. Errors are thrown, for the
     * caller to answer with {@link #errorFor} and {@link #errorAnswer}.
     */
    Exchange run(Route route, Call call) throws Exception {
        Request request = call.jettyRequest();
        RequestCompletion.Tracked tracked = RequestCompletion.of(request);
        tracked.route(route.template());
        authorize(call, route);
        RequestClass kind = RequestClass.of(route);
        Admission.Permit permit = admission.tryAdmit(kind);
        if (permit == null) {
            metrics.shed(kind.name().toLowerCase());
            throw shed(kind);
        }
        tracked.hold(permit);
        if (request.getLength() > limits.maxBodyBytes()) {
            throw BodyReader.tooLarge(limits.maxBodyBytes());
        }
        Exchange exchange = new Exchange(call, limits, () -> admission.parkAsLongPoll(permit));
        route.handler().handle(exchange);
        if (!exchange.answered()) {
            throw new IllegalStateException("route " + route.template() + " gave no answer");
        }
        discardUnread(request);
        return exchange;
    }

    /** See {@link BodyReader#discardRest}: at most one body's worth, for at most half a second. */
    void discardUnread(Request request) {
        BodyReader.discardRest(request, limits.maxBodyBytes(), DISCARD_PATIENCE);
    }

    private ApiError shed(RequestClass kind) {
        return new ApiError(503, "overloaded", "the coordinator is at capacity: all " + admission.limit(kind)
                + " slots for " + kind.describe() + " (server." + kind.settingKey() + ") are in use; retry shortly");
    }

    /** No route matched: a follower sends the caller to the leader; otherwise 404, or 405 for a known path. */
    private ApiError unmatched(Context ctx, HttpResponseException e) {
        var following = leader;
        if (following != null) {
            return notLeader(ctx, following.get());
        }
        if (e.getStatus() == 405) {
            return new ApiError(405, "method_not_allowed", ctx.method().name() + " is not supported on "
                    + ctx.path());
        }
        if (e.getStatus() == 404) {
            return ApiError.notFound("route " + ctx.path());
        }
        return new ApiError(e.getStatus(), "http_" + e.getStatus(), e.getMessage());
    }

    private static ApiError notLeader(Context ctx, Optional<URI> leaderAddress) {
        if (leaderAddress.isEmpty()) {
            return new ApiError(503, "not_leader", "this coordinator is not leading and no leader is known yet "
                    + "(an election is under way); retry shortly");
        }
        String query = ctx.queryString();
        String target = leaderAddress.get().resolve(ctx.path() + (query == null ? "" : "?" + query)).toString();
        ctx.header("Location", target);
        ctx.header("X-Meridian-Leader", leaderAddress.get().toString());
        return new ApiError(307, "not_leader", "this coordinator is a follower; the leader is at " + leaderAddress.get());
    }

    private void authorize(Call ctx, Route route) {
        if (route.scope() == null) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.setHeader("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "a bearer token is required (Authorization: Bearer <token>)");
        }
        Tokens.Identity who = tokens.authenticate(header.substring(7).strip()).orElseThrow(() -> {
            ctx.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return new ApiError(401, "unauthorized", "unknown token");
        });
        if (!who.allows(route.scope())) {
            throw new ApiError(403, "forbidden", "token '" + who.name() + "' lacks the "
                    + route.scope().name().toLowerCase().replace("_or_", " or ") + " scope needed for "
                    + route.method() + " " + route.template());
        }
        if (!rateLimiter.tryAcquire(who.name())) {
            ctx.setHeader("Retry-After", "1");
            throw new ApiError(429, "rate_limited", "too many requests for token '" + who.name() + "'");
        }
    }

    /** The answer to a request that failed with {@code e}, logged as its kind deserves. */
    static ApiError errorFor(Call ctx, Exception e) {
        if (e instanceof EofException || e instanceof IOException && e.getCause() instanceof EofException) {
            // The client went away (a worker stopping mid long-poll, say): nobody reads the answer.
            log.debug("{} {}: client connection closed: {}", ctx.method(), ctx.path(), e.toString());
            return new ApiError(499, "client_closed", "the client closed the connection");
        }
        ApiError error = ErrorMapper.map(e);
        if (error.status() == 503) {
            // expected while a store is down or leadership moves: one line, not a stack trace per request
            log.warn("{} {}: {} ({})", ctx.method(), ctx.path(), error.getMessage(), e.toString());
        } else if (error.status() >= 500) {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
        }
        return error;
    }

    /** Sets {@code error}'s status and headers on {@code call}, and returns the JSON body to send. */
    static byte[] errorAnswer(Call call, ApiError error) {
        call.status(error.status());
        call.contentType("application/json");
        if ((error.status() == 503 || error.status() == 429) && call.responseHeader("Retry-After") == null) {
            call.setHeader("Retry-After", "1");
        }
        if (error.closesConnection() && call.http1()) {
            // HTTP/2 has no such header (a client must refuse it); there Jetty resets just the stream
            call.setHeader("Connection", "close");
        }
        return Json.writeBytes(ErrorMapper.body(error));
    }
}
