package io.meridian.server.http;

import com.sun.net.httpserver.HttpExchange;
import io.meridian.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One request and its answer: path parameters, query, a size-capped body, and JSON responses. */
public final class Exchange {
    private final HttpExchange http;
    private final Map<String, String> pathParams;
    private final long maxBodyBytes;
    private Map<String, String> query;
    private String routeTemplate;
    private int status;

    Exchange(HttpExchange http, Map<String, String> pathParams, long maxBodyBytes, String routeTemplate) {
        this.http = http;
        this.pathParams = pathParams;
        this.maxBodyBytes = maxBodyBytes;
        this.routeTemplate = routeTemplate;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public String query(String name) {
        if (query == null) {
            query = new LinkedHashMap<>();
            String raw = http.getRequestURI().getRawQuery();
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
        return http.getRequestHeaders().getFirst(name);
    }

    /** The body as text, refused with 413 once it passes the limit (never buffered whole first). */
    public String bodyText() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    private byte[] bodyBytes() throws IOException {
        long declared = declaredLength();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = http.getRequestBody()) {
            // With a declared length the array is allocated once at its size; otherwise the stream is read in
            // chunks up to one byte past the limit.
            int limit = (int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            byte[] data = in.readNBytes(limit);
            if (data.length > maxBodyBytes) {
                throw tooLarge();
            }
            return data;
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "payload_too_large", "request body over " + maxBodyBytes + " bytes");
    }

    /** The request's Content-Length, or -1 when it has none (chunked) or it is not a number. */
    private long declaredLength() {
        String value = header("Content-Length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
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

    public JsonNode bodyJson() throws IOException {
        return Json.parse(jsonBody());
    }

    public <T> T body(Class<T> type) throws IOException {
        return Json.read(jsonBody(), type);
    }

    public void json(int code, Object value) throws IOException {
        byte[] bytes = Json.writeBytes(value);
        http.getResponseHeaders().set("Content-Type", "application/json");
        send(code, bytes);
    }

    public void text(int code, String contentType, String body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        send(code, body.getBytes(StandardCharsets.UTF_8));
    }

    public void noContent() throws IOException {
        status = 204;
        http.sendResponseHeaders(204, -1);
        http.close();
    }

    public void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    private void send(int code, byte[] bytes) throws IOException {
        status = code;
        http.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    public String method() {
        return http.getRequestMethod();
    }

    public String routeTemplate() {
        return routeTemplate;
    }

    public int status() {
        return status;
    }
}
