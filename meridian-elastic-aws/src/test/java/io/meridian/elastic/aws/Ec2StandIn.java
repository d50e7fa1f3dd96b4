package io.meridian.elastic.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The only stand-in for EC2 there is: no cloud is reachable from the tests, so the SDK is pointed at this local HTTP
 * endpoint, which reads the Query protocol's form (Action=RunInstances, ...) as EC2 does, keeps the instances so that
 * DescribeInstances reflects RunInstances and TerminateInstances, and answers with EC2's XML. A terminated instance is
 * listed once as shutting-down (its worker drains), then is gone. Shipped in this module's test-jar for the
 * process-level test of a server with an aws pool.
 */
public final class Ec2StandIn implements AutoCloseable {
    /** One instance EC2 would hold, with the request that made it. */
    public record Machine(String id, Map<String, String> request, Map<String, String> tags, Instant launched,
                          String[] state) {}

    private final HttpServer server;
    private final List<Map<String, String>> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private String refusal;
    private int refusalStatus;
    private int runsBeforeRefusal;
    private int next;

    public Ec2StandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** RunInstances fails with this EC2 error code after {@code after} more successful calls. */
    public synchronized void refuseRuns(String code, int status, int after) {
        refusal = code;
        refusalStatus = status;
        runsBeforeRefusal = after;
    }

    public synchronized List<Map<String, String>> requests(String action) {
        return requests.stream().filter(r -> action.equals(r.get("Action"))).toList();
    }

    public synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public synchronized List<Machine> machines() {
        return List.copyOf(machines.values());
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> form = new TreeMap<>();
        for (String pair : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        int status = 200;
        String body;
        synchronized (this) {
            requests.add(form);
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            String action = form.getOrDefault("Action", "");
            if (action.equals("RunInstances") && refusal != null && runsBeforeRefusal-- <= 0) {
                status = refusalStatus;
                body = "<Response><Errors><Error><Code>" + refusal + "</Code><Message>We currently do not have "
                        + "sufficient capacity in the Availability Zone you requested.</Message></Error></Errors>"
                        + "<RequestID>req-1</RequestID></Response>";
            } else {
                body = switch (action) {
                    case "RunInstances" -> run(form);
                    case "DescribeInstances" -> describe(form);
                    case "TerminateInstances" -> terminate(form);
                    default -> null;
                };
                if (body == null) {
                    status = 400;
                    body = "<Response><Errors><Error><Code>InvalidAction</Code><Message>" + action
                            + "</Message></Error></Errors><RequestID>req-2</RequestID></Response>";
                }
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private String run(Map<String, String> form) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("TagSpecification.1.Tag." + i + ".Key"); i++) {
            tags.put(form.get("TagSpecification.1.Tag." + i + ".Key"),
                    form.get("TagSpecification.1.Tag." + i + ".Value"));
        }
        Machine m = new Machine(String.format("i-%017x", ++next), form, tags,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), new String[] {"pending"});
        machines.put(m.id(), m);
        return "<RunInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>"
                + "<reservationId>r-" + next + "</reservationId><ownerId>1</ownerId><instancesSet>" + item(m)
                + "</instancesSet></RunInstancesResponse>";
    }

    private String describe(Map<String, String> form) {
        StringBuilder items = new StringBuilder();
        List<Machine> listed = new ArrayList<>();
        for (Machine m : machines.values()) {
            if (matches(m, form)) {
                items.append(item(m));
                listed.add(m);
            }
        }
        // what was shown shutting down has finished its shutdown by the next look; what was pending now runs
        listed.forEach(m -> m.state()[0] = m.state()[0].equals("shutting-down") ? "terminated"
                : m.state()[0].equals("pending") ? "running" : m.state()[0]);
        return "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>"
                + "<reservationSet><item><reservationId>r-0</reservationId><ownerId>1</ownerId><instancesSet>"
                + items + "</instancesSet></item></reservationSet></DescribeInstancesResponse>";
    }

    private String terminate(Map<String, String> form) {
        StringBuilder items = new StringBuilder();
        for (int i = 1; form.containsKey("InstanceId." + i); i++) {
            Machine m = machines.get(form.get("InstanceId." + i));
            if (m != null && !m.state()[0].equals("terminated")) {
                m.state()[0] = "shutting-down";
                items.append("<item><instanceId>").append(m.id()).append("</instanceId><currentState><code>32</code>"
                        + "<name>shutting-down</name></currentState><previousState><code>16</code><name>running"
                        + "</name></previousState></item>");
            }
        }
        return "<TerminateInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r"
                + "</requestId><instancesSet>" + items + "</instancesSet></TerminateInstancesResponse>";
    }

    /** EC2's filters: every Filter.N must hold, each by any of its values (tag:KEY or instance-state-name). */
    private static boolean matches(Machine m, Map<String, String> form) {
        for (int f = 1; form.containsKey("Filter." + f + ".Name"); f++) {
            String name = form.get("Filter." + f + ".Name");
            String actual = name.startsWith("tag:") ? m.tags().get(name.substring(4))
                    : name.equals("instance-state-name") ? m.state()[0] : null;
            boolean any = false;
            for (int v = 1; form.containsKey("Filter." + f + ".Value." + v); v++) {
                any |= form.get("Filter." + f + ".Value." + v).equals(actual);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static String item(Machine m) {
        StringBuilder tags = new StringBuilder();
        m.tags().forEach((k, v) -> tags.append("<item><key>").append(xml(k)).append("</key><value>").append(xml(v))
                .append("</value></item>"));
        return "<item><instanceId>" + m.id() + "</instanceId><imageId>" + xml(m.request().get("ImageId"))
                + "</imageId><instanceState><code>0</code><name>" + m.state()[0] + "</name></instanceState>"
                + "<instanceType>" + xml(m.request().get("InstanceType")) + "</instanceType><launchTime>"
                + m.launched() + "</launchTime><tagSet>" + tags + "</tagSet></item>";
    }

    private static String xml(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
