package io.meridian.elastic.azure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The only stand-in for Azure Resource Manager there is: no cloud is reachable from the tests, so the SDK is pointed at
 * this local HTTP endpoint, which serves the virtual machines of one resource group as Resource Manager does (PUT
 * accepted with provisioning state Creating and an async operation to poll, DELETE accepted with 202, the list of the
 * group, errors as ARM's {"error": {code, message}}). It keeps the machines, so that the list reflects creates and
 * deletes: a created machine is listed Creating then Succeeded; a deleted one is listed once Deleting (its worker
 * drains), then is gone. Every request is checked for its api-version and bearer token. It also serves, at
 * {@link #identityEndpoint()}, the token endpoint of a managed identity as App Service exposes it (IDENTITY_ENDPOINT
 * and IDENTITY_HEADER), so that a server's DefaultAzureCredential finds a credential through its ordinary lookup.
 * Shipped in this module's test-jar for the process-level test of a server with an azure pool.
 */
public final class ArmStandIn implements AutoCloseable {
    /** One request as received: method, path, api-version, Authorization header and JSON body (or null). */
    public record Request(String method, String path, String apiVersion, String authorization, JsonNode body) {}

    /** One virtual machine Resource Manager would hold: what was PUT, and its provisioning state. */
    public record Machine(String name, JsonNode request, OffsetDateTime created, String[] state) {
        public Map<String, String> tags() {
            Map<String, String> tags = new LinkedHashMap<>();
            request.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
            return tags;
        }
    }

    public static final String API_VERSION = "2024-11-01";
    /** The access token the managed identity endpoint hands out. */
    public static final String IDENTITY_TOKEN = "arm-token-from-managed-identity";
    private static final Pattern VMS = Pattern.compile(
            "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Compute/virtualMachines(?:/([^/]+))?");
    private static final Pattern OPERATION = Pattern.compile("/subscriptions/[^/]+/providers/Microsoft\\.Compute/"
            + "locations/[^/]+/operations/[^/]+");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final String subscription;
    private final String resourceGroup;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private String refusal;
    private int refusalStatus;
    private int createsBeforeRefusal;
    private int operations;

    public ArmStandIn(String subscription, String resourceGroup) throws IOException {
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The managed identity token endpoint, for IDENTITY_ENDPOINT; IDENTITY_HEADER must be {@link #identityHeader}. */
    public URI identityEndpoint() {
        return URI.create(endpoint() + "/msi/token");
    }

    public String identityHeader() {
        return "identity-header-" + server.getAddress().getPort();
    }

    /** Creating a machine fails with this ARM error code after {@code after} more successful creates. */
    public synchronized void refuseCreates(String code, int status, int after) {
        refusal = code;
        refusalStatus = status;
        createsBeforeRefusal = after;
    }

    public synchronized List<Request> requests(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).toList();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Machine> machines() {
        return List.copyOf(machines.values());
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        String version = query == null ? null : Pattern.compile("(?:^|&)api-version=([^&]+)").matcher(query)
                .results().map(m -> m.group(1)).findFirst().orElse(null);
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? null : JSON.readTree(in);
        Answer answer;
        synchronized (this) {
            requests.add(new Request(method, path, version, ex.getRequestHeaders().getFirst("Authorization"), body));
            answer = answer(method, path, version, body, ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("X-IDENTITY-HEADER"));
        }
        answer.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (answer.body == null) {
            ex.sendResponseHeaders(answer.status, -1);
        } else {
            byte[] bytes = JSON.writeValueAsBytes(answer.body);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(answer.status, bytes.length);
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private record Answer(int status, JsonNode body, Map<String, String> headers) {
        Answer(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    private Answer answer(String method, String path, String version, JsonNode body, String authorization,
                          String identityHeader) {
        if (path.equals("/msi/token")) {
            if (!identityHeader().equals(identityHeader)) {
                return error(401, "Unauthorized", "X-IDENTITY-HEADER is missing or wrong");
            }
            return new Answer(200, JSON.createObjectNode().put("access_token", IDENTITY_TOKEN)
                    .put("expires_on", String.valueOf(java.time.Instant.now().plusSeconds(3600).getEpochSecond()))
                    .put("resource", "https://management.core.windows.net/").put("token_type", "Bearer")
                    .put("client_id", "00000000-0000-0000-0000-0000000000c1"));
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        if (!API_VERSION.equals(version)) {
            return error(400, "InvalidApiVersionParameter", "The api-version '" + version + "' is invalid.");
        }
        if (method.equals("GET") && OPERATION.matcher(path).matches()) {
            return new Answer(200, JSON.createObjectNode().put("status", "Succeeded"));
        }
        Matcher m = VMS.matcher(path);
        if (!m.matches()) {
            return error(404, "InvalidResourceType", "No route for " + method + " " + path);
        }
        if (!m.group(1).equals(subscription) || !m.group(2).equalsIgnoreCase(resourceGroup)) {
            return error(404, "ResourceGroupNotFound", "Resource group '" + m.group(2) + "' could not be found.");
        }
        String name = m.group(3);
        if (name == null) {
            return method.equals("GET") ? list() : error(405, "MethodNotAllowed", method);
        }
        Machine vm = machines.get(name);
        return switch (method) {
            case "PUT" -> create(name, body);
            case "GET" -> vm == null ? notFound(name) : new Answer(200, view(vm));
            case "DELETE" -> delete(vm);
            default -> error(405, "MethodNotAllowed", method);
        };
    }

    private Answer create(String name, JsonNode body) {
        if (refusal != null && createsBeforeRefusal-- <= 0) {
            return error(refusalStatus, refusal, "Operation could not be completed as it results in exceeding "
                    + "approved standardDSv5Family Cores quota.");
        }
        Machine vm = new Machine(name, body, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS),
                new String[] {"Creating"});
        machines.put(name, vm);
        return new Answer(201, view(vm), Map.of("Azure-AsyncOperation", operation(body.path("location").asString())));
    }

    private Answer delete(Machine vm) {
        if (vm == null) {
            return new Answer(204, null);
        }
        vm.state()[0] = "Deleting";
        String op = operation(vm.request().path("location").asString());
        return new Answer(202, null, Map.of("Azure-AsyncOperation", op, "Location", op));
    }

    private Answer list() {
        ArrayNode value = JSON.createArrayNode();
        List<Machine> gone = new ArrayList<>();
        for (Machine vm : machines.values()) {
            value.add(view(vm));
            // what was shown being deleted is gone by the next look; what was being created has been created
            if (vm.state()[0].equals("Deleting")) {
                gone.add(vm);
            } else {
                vm.state()[0] = "Succeeded";
            }
        }
        gone.forEach(vm -> machines.remove(vm.name()));
        ObjectNode list = JSON.createObjectNode();
        list.set("value", value);
        return new Answer(200, list);
    }

    private ObjectNode view(Machine vm) {
        ObjectNode out = (ObjectNode) vm.request().deepCopy();
        out.put("id", "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.Compute/virtualMachines/" + vm.name());
        out.put("name", vm.name());
        out.put("type", "Microsoft.Compute/virtualMachines");
        ObjectNode properties = out.has("properties") ? (ObjectNode) out.get("properties")
                : out.putObject("properties");
        properties.put("provisioningState", vm.state()[0]);
        properties.put("timeCreated", vm.created().toString());
        if (properties.path("osProfile").isObject()) {
            ((ObjectNode) properties.get("osProfile")).remove("customData"); // never returned by Azure
        }
        return out;
    }

    private String operation(String location) {
        return endpoint() + "/subscriptions/" + subscription + "/providers/Microsoft.Compute/locations/" + location
                + "/operations/op-" + ++operations + "?api-version=" + API_VERSION;
    }

    private Answer notFound(String name) {
        return error(404, "ResourceNotFound", "The Resource 'Microsoft.Compute/virtualMachines/" + name
                + "' under resource group '" + resourceGroup + "' was not found.");
    }

    private static Answer error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return new Answer(status, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
