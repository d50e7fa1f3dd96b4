package io.meridian.server.http;

import io.meridian.model.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/**
 * One request and its answer: path parameters, query, a size- and time-capped body, and JSON responses. The
 * answer is sent once the route's handler returns, so an error thrown after {@link #json} still replaces it.
 */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final String routeTemplate;
    private final Map<String, String> pathParams;
    private final ApiHandler.Limits limits;
    private final BooleanSupplier parkAsLongPoll;
    private Map<String, String> query;
    private boolean parked;
    private int status;
    private ByteBuffer content;

    Exchange(Request request, Response response, Route.Match match, ApiHandler.Limits limits,
             BooleanSupplier parkAsLongPoll) {
        this.request = request;
        this.response = response;
        this.routeTemplate = match.route().template();
        this.pathParams = match.params();
        this.limits = limits;
        this.parkAsLongPoll = parkAsLongPoll;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public String query(String name) {
        if (query == null) {
            query = new LinkedHashMap<>();
            String raw = request.getHttpURI().getQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String k = eq < 0 ? pair : pair.substring(0, eq);
                    String v = eq < 0 ? "" : pair.substring(eq + 1);
                    query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                }
            }
        }
        return query.get(name);
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
        return request.getHeaders().get(name);
    }

    /** The body as text, refused with 413 once it passes the limit (never buffered whole first). */
    public String bodyText() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    private byte[] bodyBytes() throws IOException {
        return new BodyReader(request, limits.maxBodyBytes(), limits.bodyReadTimeout()).read();
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
        throw new ApiError(400, "unknown_field", method() + " " + routeTemplate + " takes no body"
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

    public void json(int code, Object value) throws IOException {
        setHeader("Content-Type", "application/json");
        answer(code, Json.writeBytes(value));
    }

    public void text(int code, String contentType, String body) throws IOException {
        setHeader("Content-Type", contentType);
        answer(code, body.getBytes(StandardCharsets.UTF_8));
    }

    public void noContent() throws IOException {
        answer(204, new byte[0]);
    }

    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    private void answer(int code, byte[] bytes) {
        status = code;
        content = ByteBuffer.wrap(bytes);
    }

    public String method() {
        return request.getMethod();
    }

    public String routeTemplate() {
        return routeTemplate;
    }

    public int status() {
        return status;
    }

    /** Whether the handler gave an answer. */
    boolean answered() {
        return status != 0;
    }

    /** Sends the answer; {@code done} completes when it is written (the request is then finished). */
    void send(Callback done) {
        response.setStatus(status);
        if (status == 204) {
            response.getHeaders().remove(HttpHeader.CONTENT_TYPE);
            response.write(true, ByteBuffer.allocate(0), done);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.remaining());
        response.write(true, content, done);
    }
}
