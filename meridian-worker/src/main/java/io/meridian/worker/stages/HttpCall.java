package io.meridian.worker.stages;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskFailure;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code http_request} job's call, read from its config, with secrets filled in for sending only. Errors
 * describe the call from its template (the config before secrets were filled), never from the filled text.
 */
final class HttpCall {
    private final ObjectNode config;
    /** The URL as configured: secrets still as {{secrets.NAME}}. */
    private final String urlTemplate;
    private final Secrets secrets;
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    /** Headers carrying a filled secret: sent to the configured origin only, never to a redirect elsewhere. */
    private final java.util.Set<String> secretHeaders = new java.util.HashSet<>();
    private final String body;
    private final boolean jsonBody;

    private HttpCall(ObjectNode config, Secrets secrets) throws TaskFailure {
        this.config = config;
        this.secrets = secrets;
        String url = config.path("url").asString("");
        this.urlTemplate = url;
        if (url.isBlank()) {
            throw TaskFailure.badConfig("http_request: config 'url' is required");
        }
        StringBuilder full = new StringBuilder(secrets.fill(url, "/url"));
        var query = config.path("query");
        if (query.isObject()) {
            String sep = full.indexOf("?") >= 0 ? "&" : "?";
            for (var e : query.properties()) {
                full.append(sep).append(encode(e.getKey())).append('=')
                        .append(encode(secrets.fill(text(e.getValue()), "/query/" + pointerKey(e.getKey()))));
                sep = "&";
            }
        }
        try {
            this.uri = new URI(full.toString());
        } catch (java.net.URISyntaxException e) {
            // The reason and position only: the input is the filled text.
            throw TaskFailure.badConfig("http_request: invalid URL '" + urlTemplate + "' (with its query and secrets "
                    + "filled in): " + e.getReason() + " at index " + e.getIndex());
        }
        for (var e : config.path("headers").properties()) {
            String raw = text(e.getValue());
            String filled = secrets.fill(raw, "/headers/" + pointerKey(e.getKey()));
            HeaderCheck.check(e.getKey(), raw, filled);
            headers.put(e.getKey(), filled);
            if (!filled.equals(raw)) {
                secretHeaders.add(e.getKey());
            }
        }
        JsonNode b = config.get("body");
        this.jsonBody = b != null && !b.isNull() && !b.isString();
        this.body = b == null || b.isNull() ? null : secrets.fill(b.isString() ? b.asString() : Json.write(b), "/body");
    }

    static HttpCall from(ObjectNode config, Secrets secrets) throws TaskFailure {
        return new HttpCall(config, secrets);
    }

    URI uri() {
        return uri;
    }

    String method() {
        return config.path("method").asString("GET").toUpperCase();
    }

    long maxResponseBytes() {
        return config.path("max_response_bytes").asLong(10L * 1024 * 1024);
    }

    /** The request to send; one the HTTP client refuses (a restricted header) is a config error named from the template. */
    HttpRequest request(URI target, String method) throws TaskFailure {
        try {
            return build(target, method);
        } catch (IllegalArgumentException e) {
            throw TaskFailure.badConfig("http_request " + describe() + ": the request cannot be sent: "
                    + secrets.mask(e.getMessage()));
        }
    }

    private HttpRequest build(URI target, String method) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(Duration.ofMillis(Math.round(config.path("timeout_seconds").asDouble(30) * 1000)));
        boolean sameOrigin = sameOrigin(target, uri);
        headers.forEach((name, value) -> {
            if (sameOrigin || !secretHeaders.contains(name)) {
                b.header(name, value);
            }
        });
        if (jsonBody && !headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"))) {
            b.header("Content-Type", "application/json");
        }
        boolean sendsBody = body != null && !method.equals("GET") && !method.equals("HEAD");
        return b.method(method, sendsBody ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody()).build();
    }

    /** Builds the output, or fails the attempt when the status is not the expected one. */
    JsonNode toOutput(HttpResponse<InputStream> response, byte[] raw) throws TaskFailure {
        int status = response.statusCode();
        // A server may echo what it was sent (an auth header, a key in the URL): the output is stored and shown,
        // so secrets are masked in it as in errors. Masked before any cut, so no part of a secret survives one.
        String text = secrets.mask(new String(raw, StandardCharsets.UTF_8));
        if (!expected(status)) {
            String excerpt = text.length() > 300 ? text.substring(0, 300) + "…" : text;
            // 5xx, 408 and 429 may pass; other 4xx will not get better by retrying.
            boolean retryable = status >= 500 || status == 408 || status == 429;
            throw new TaskFailure("http_status", "http_request " + describe() + " returned " + status
                    + " (expected " + config.path("expect_status").asString("2xx") + "): " + excerpt, !retryable);
        }
        ObjectNode out = Json.object();
        out.put("status", status);
        ObjectNode headers = HttpRequestStage.headersOf(response);
        for (String name : java.util.List.copyOf(headers.propertyNames())) {
            headers.put(name, secrets.mask(headers.get(name).asString()));
        }
        out.set("headers", headers);
        out.set("body", parseBody(response, text));
        return out;
    }

    private boolean expected(int status) {
        JsonNode e = config.get("expect_status");
        if (e == null || e.isNull()) {
            return status / 100 == 2;
        }
        if (e.isArray()) {
            for (JsonNode code : e) {
                if (code.asInt() == status) {
                    return true;
                }
            }
            return false;
        }
        return e.asInt() == status;
    }

    private static JsonNode parseBody(HttpResponse<?> response, String text) {
        boolean declaredJson = response.headers().firstValue("content-type").map(c -> c.contains("json")).orElse(false);
        String t = text.strip();
        if (declaredJson || t.startsWith("{") || t.startsWith("[")) {
            try {
                return Json.parse(text);
            } catch (RuntimeException notJson) {
                // fall through: keep it as text
            }
        }
        return Json.MAPPER.getNodeFactory().stringNode(text);
    }

    /** The method and the URL as configured, without its query: what errors show of the call. */
    String describe() {
        int query = urlTemplate.indexOf('?');
        return method() + " " + (query >= 0 ? urlTemplate.substring(0, query) : urlTemplate);
    }

    /**
     * How address checks show the first destination: the URL template when a secret was filled into it (its
     * host or scheme may be the secret, transformed), or null to let them show the host as it is.
     */
    String shownTarget() {
        return urlTemplate.contains("secrets.") ? describe().substring(method().length() + 1) : null;
    }

    String mask(String text) {
        return secrets.mask(text);
    }

    private static String text(JsonNode n) {
        return n.isString() ? n.asString() : Json.write(n);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getPort() == b.getPort()
                && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()));
    }

    /** A key as the engine writes it in secret_refs pointers (RFC 6901: ~ → ~0, / → ~1). */
    private static String pointerKey(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
