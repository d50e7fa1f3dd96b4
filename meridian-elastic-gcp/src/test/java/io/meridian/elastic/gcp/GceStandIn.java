package io.meridian.elastic.gcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The only stand-in for Compute Engine there is: no cloud is reachable from the tests, so the client is pointed at
 * this local HTTP endpoint, which serves the REST paths the client calls (instances insert, list with a label filter,
 * delete; zone operations; and the OAuth token endpoint that Application Default Credentials refresh against), keeps
 * the instances so that the list reflects inserts and deletes, and answers with Compute Engine's JSON. A deleted
 * instance is listed once as STOPPING (its worker drains), then is gone. Shipped in this module's test-jar for the
 * process-level test of a server with a gcp pool.
 */
public final class GceStandIn implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile(
            "/compute/v1/projects/([^/]+)/zones/([^/]+)/(instances|operations)(?:/([^/]+))?(/wait)?");
    private static final Pattern TERM = Pattern.compile("labels\\.([a-z0-9_-]+) = \"([^\"]*)\"");
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final Map<String, ObjectNode> instances = new LinkedHashMap<>();
    private final Map<String, ObjectNode> operations = new LinkedHashMap<>();
    private String refusal;
    private boolean refuseLate;
    private int insertsBeforeRefusal;
    private int next;

    public GceStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Inserts fail after {@code after} more successes: at once with HTTP 403 and {@code reason} (a quota), or, when
     * {@code late}, in the insert's operation with {@code reason} as its error code (a zone out of SPOT capacity).
     */
    public synchronized void refuseInserts(String reason, boolean late, int after) {
        refusal = reason;
        refuseLate = late;
        insertsBeforeRefusal = after;
    }

    /** "METHOD path" of every request, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public synchronized List<JsonNode> instances() {
        return List.copyOf(instances.values());
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        int status = 200;
        Object answer;
        synchronized (this) {
            requests.add(method + " " + path);
            if (path.equals("/token")) {
                answer = Map.of("access_token", "ya29.stand-in", "expires_in", 3600, "token_type", "Bearer");
            } else {
                authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
                Matcher m = PATH.matcher(path);
                if (!m.matches()) {
                    status = 404;
                    answer = error(404, "notFound", "no such path " + path);
                } else if (m.group(3).equals("operations")) {
                    answer = operations.get(m.group(4));
                    if (answer == null) {
                        status = 404;
                        answer = error(404, "notFound", "no operation " + m.group(4));
                    }
                } else if (method.equals("POST")) {
                    if (refusal != null && insertsBeforeRefusal-- <= 0) {
                        if (refuseLate) {
                            answer = operation(m.group(2), "insert", json.readTree(body).path("name").asString(),
                                    refusal);
                        } else {
                            status = 403;
                            answer = error(403, refusal, "Quota 'CPUS' exceeded. Limit: 8.0 in region europe-west1.");
                        }
                    } else {
                        ObjectNode in = (ObjectNode) json.readTree(body);
                        in.put("status", "PROVISIONING");
                        in.put("zone", "projects/" + m.group(1) + "/zones/" + m.group(2));
                        in.put("creationTimestamp", OffsetDateTime.now(ZoneOffset.UTC).toString());
                        in.put("id", String.valueOf(++next));
                        instances.put(in.path("name").asString(), in);
                        answer = operation(m.group(2), "insert", in.path("name").asString(), null);
                    }
                } else if (method.equals("DELETE")) {
                    ObjectNode in = instances.get(m.group(4));
                    if (in == null) {
                        status = 404;
                        answer = error(404, "notFound", "The resource '" + m.group(4) + "' was not found");
                    } else {
                        in.put("status", "STOPPING");
                        answer = operation(m.group(2), "delete", m.group(4), null);
                    }
                } else {
                    answer = list(m.group(2), query(ex.getRequestURI().getRawQuery()).getOrDefault("filter", ""));
                }
            }
        }
        byte[] bytes = json.writeValueAsBytes(answer);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private Map<String, Object> list(String zone, String filter) {
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode in : instances.values()) {
            if (in.path("zone").asString().endsWith("/zones/" + zone) && matches(in, filter)) {
                items.add(in.deepCopy());
            }
        }
        // what was shown stopping has finished its shutdown by the next look; what was provisioning now runs
        for (ObjectNode shown : items) {
            String name = shown.path("name").asString();
            if (shown.path("status").asString().equals("STOPPING")) {
                instances.remove(name);
            } else {
                instances.get(name).put("status", "RUNNING");
            }
        }
        return items.isEmpty() ? Map.of("kind", "compute#instanceList")
                : Map.of("kind", "compute#instanceList", "items", items);
    }

    /** The list filter the provisioner sends: label terms joined by AND. */
    private static boolean matches(JsonNode in, String filter) {
        Matcher t = TERM.matcher(filter);
        while (t.find()) {
            if (!in.path("labels").path(t.group(1)).asString("").equals(t.group(2))) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode operation(String zone, String type, String target, String errorCode) {
        ObjectNode op = json.createObjectNode();
        String name = "operation-" + (++next);
        op.put("kind", "compute#operation").put("name", name).put("operationType", type).put("status", "DONE")
                .put("zone", "projects/p/zones/" + zone).put("targetLink", "projects/p/zones/" + zone
                        + "/instances/" + target).put("progress", 100);
        if (errorCode != null) {
            op.put("httpErrorStatusCode", 503).put("httpErrorMessage", "SERVICE UNAVAILABLE");
            op.putObject("error").putArray("errors").addObject().put("code", errorCode)
                    .put("message", "The zone does not have enough resources available to fulfill the request.");
        }
        operations.put(name, op);
        return op;
    }

    private static Map<String, Object> error(int code, String reason, String message) {
        return Map.of("error", Map.of("code", code, "message", message, "errors",
                List.of(Map.of("reason", reason, "message", message, "domain", "usageLimits"))));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
