package io.meridian.server.http;

import io.meridian.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import tools.jackson.databind.JsonNode;

/**
 * What a route sees of one request and its answer: a thin layer over the {@link Call} that carries it (Javalin's
 * context, or Jetty alone on the workers' hot routes) that keeps the routes free of the web framework. It adds
 * what Javalin does not do: a body read within a size limit and a
 * deadline ({@link BodyReader}), bodies parsed with the project's own JSON mapper, and long-poll parking. The
 * answer is held until the route's handler returns, so an error thrown after {@link #json} still replaces it.
 */
public final class Exchange {
    private final Call call;
    private final ApiHandler.Limits limits;
    private final BooleanSupplier parkAsLongPoll;
    private boolean parked;
    private int status;
    /** The answer's body, held until the handler returns (see {@link #send}). */
    private byte[] body;

    Exchange(Call call, ApiHandler.Limits limits, BooleanSupplier parkAsLongPoll) {
        this.call = call;
        this.limits = limits;
        this.parkAsLongPoll = parkAsLongPoll;
    }

    /** A path parameter, percent-decoded once (a '+' stays a '+'). */
    public String path(String name) {
        return call.pathParam(name);
    }

    public String query(String name) {
        return call.queryParam(name);
    }

    public int queryInt(String name, int fallback) {
        String v = query(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    public String header(String name) {
        return call.header(name);
    }

    /** The body as text, refused with 413 once it passes the limit (never buffered whole first). */
    /** The request body exactly as received (what a signature is computed over). */
    public byte[] rawBody() throws IOException {
        return bodyBytes();
    }

    public String bodyText() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    private byte[] bodyBytes() throws IOException {
        // Jetty's own request, not the servlet stream: only it can wait for content with a deadline
        return new BodyReader(call.jettyRequest(), limits.maxBodyBytes(), limits.bodyReadTimeout()).read();
    }

    /** The body as UTF-8 JSON bytes, parsed without a String copy (worker exchanges are large and frequent). */
    private byte[] jsonBody() throws IOException {
        byte[] data = bodyBytes();
        for (byte b : data) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return data;
            }
        }
        throw ApiError.badRequest("a JSON body is required");
    }

    /**
     * The body bound to {@code type}, a record that names every field the endpoint accepts. This is the one place
     * request bodies are bound: the shared mapper refuses unknown fields (400 {@code unknown_field}, with where and
     * a "did you mean"), so no endpoint reads a typo as "use the default". There is deliberately no untyped reader.
     */
    public <T> T body(Class<T> type) throws IOException {
        return Json.read(jsonBody(), type);
    }

    /**
     * For an endpoint that takes no body (its options, if any, are query parameters): an absent body or {@code {}}
     * passes; any field is refused, so {@code {"type": "x"}} on a pause does not pause everything.
     */
    public void noBody() throws IOException {
        byte[] data = bodyBytes();
        if (new String(data, StandardCharsets.UTF_8).isBlank()) {
            return;
        }
        JsonNode given = Json.parse(data);
        if (given.isObject() && given.isEmpty()) {
            return;
        }
        String field = given.isObject() ? given.propertyNames().iterator().next() : null;
        throw new ApiError(400, "unknown_field", method() + " " + routeTemplate() + " takes no body"
                + (field == null ? "" : "; unknown field '" + field + "'") + " (its options, if any, are query "
                + "parameters)", field == null ? null : Json.object().put("field", field));
    }

    /**
     * Parks this request for a long wait (a worker's long poll). It gives back its slot among the short calls,
     * so waiting never takes the capacity that heartbeats and results need, and holds one of the long-poll
     * slots instead. Returns how long it may wait: {@code requestedMillis}, capped at the server's maximum
     * (server.max_wait_millis). With every long-poll slot taken the request is answered 503 with Retry-After.
     */
    public long parkForLongPoll(long requestedMillis) {
        if (!parked && !parkAsLongPoll.getAsBoolean()) {
            setHeader("Retry-After", "1");
            throw new ApiError(503, "overloaded", "all " + limits.longPolls() + " long-poll slots "
                    + "(server.max_long_polls) are in use; retry shortly");
        }
        parked = true;
        return Math.min(requestedMillis, limits.longPollMax().toMillis());
    }

    /**
     * While the result is open, a client that closes this request's connection (or dies) has it closed at once,
     * so that {@link #onConnectionClosed} listeners run now rather than when the answer fails to be written.
     * For requests that wait long with their body read (a worker's long poll); close it before answering.
     */
    public AutoCloseable watchForDisconnect() {
        return DisconnectProbe.start((Connection) connection());
    }

    /** The connection this request came on (one HTTP/1.1 or HTTP/2 connection): an identity to watch. */
    public Object connection() {
        return call.jettyRequest().getConnectionMetaData().getConnection();
    }

    /**
     * Runs {@code onClosed} once when the connection this request came on closes, however that happens: the
     * client closed it, its process died (the kernel closes a killed process's sockets), or the server did.
     * Runs at once if it is already closed. Runs on a Jetty thread: hand slow work elsewhere.
     */
    public void onConnectionClosed(Runnable onClosed) {
        Connection c = (Connection) connection();
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                onClosed.run();
            }
        };
        c.addEventListener(new Connection.Listener() {
            @Override
            public void onClosed(Connection connection) {
                once.run();
            }
        });
        if (!c.getEndPoint().isOpen()) {
            once.run();
        }
    }

    /**
     * Answers with server-sent events: the status and headers go out at once, then {@code body} writes events
     * until it returns (or the client goes away, which its next write reports). The request takes one of the
     * long-wait slots (server.max_long_polls) instead of a short-call slot while it streams.
     */
    public void eventStream(StreamBody body) throws Exception {
        if (!parked && !parkAsLongPoll.getAsBoolean()) {
            setHeader("Retry-After", "1");
            throw new ApiError(503, "overloaded", "all " + limits.longPolls() + " long-wait slots "
                    + "(server.max_long_polls) are in use; retry shortly");
        }
        parked = true;
        status = 200;
        if (!(call instanceof JavalinCall javalin)) {
            throw new IllegalStateException("route " + routeTemplate() + " streams events, which only routes served "
                    + "by Javalin can (HotRoutes must not take it)");
        }
        var ctx = javalin.ctx();
        ctx.status(200).contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no"); // a buffering proxy in front would hold the events back
        ctx.res().flushBuffer();
        var channel = ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel();
        // aborting the response leaves a blocked write waiting; closing the connection fails it, as a client that
        // went away would (with HTTP/2 that ends the client's other streams too, which a client that stopped reading
        // its socket stalls anyway)
        EventStream events = new EventStream(ctx.res().getOutputStream(), () -> channel.getEndPoint().close(
                new java.util.concurrent.TimeoutException("event stream write stalled")));
        StalledWrites.watch(events);
        try {
            body.write(events);
        } finally {
            StalledWrites.forget(events);
        }
    }

    /** What writes one event stream. */
    @FunctionalInterface
    public interface StreamBody {
        void write(EventStream events) throws Exception;
    }

    public void json(int code, Object value) throws IOException {
        answer(code, "application/json", Json.writeBytes(value));
    }

    public void text(int code, String contentType, String body) throws IOException {
        answer(code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void noContent() throws IOException {
        status = 204;
        call.status(204);
    }

    public void setHeader(String name, String value) {
        call.setHeader(name, value);
    }

    private void answer(int code, String contentType, byte[] bytes) {
        status = code;
        body = bytes;
        call.status(code);
        call.contentType(contentType);
    }

    /** The held answer's body (null for none), handed over once the route's handler has returned. */
    byte[] takeBody() {
        byte[] bytes = body;
        body = null;
        return bytes;
    }

    public String method() {
        return call.method();
    }

    public String routeTemplate() {
        return call.routeTemplate();
    }

    public int status() {
        return status;
    }

    /** Whether the handler gave an answer. */
    boolean answered() {
        return status != 0;
    }
}
