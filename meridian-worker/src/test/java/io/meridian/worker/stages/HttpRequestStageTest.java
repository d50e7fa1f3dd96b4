package io.meridian.worker.stages;

import io.meridian.worker.testing.TestingTaskContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meridian.worker.sdk.TaskFailure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http_request against a real HTTP server on 127.0.0.1. */
class HttpRequestStageTest {
    HttpServer server;
    String base;
    volatile String receivedAuth;
    final HttpRequestStage http = new HttpRequestStage();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json", ex -> reply(ex, 200, "application/json", "{\"items\": [1, 2]}"));
        server.createContext("/text", ex -> reply(ex, 200, "text/plain", "hello"));
        server.createContext("/echo", ex -> {
            receivedAuth = ex.getRequestHeaders().getFirst("Authorization");
            reply(ex, 200, "application/json", "{\"method\": \""
                + ex.getRequestMethod() + "\", \"query\": \"" + ex.getRequestURI().getRawQuery() + "\", \"type\": \""
                + ex.getRequestHeaders().getFirst("Content-Type") + "\", \"auth\": \""
                + ex.getRequestHeaders().getFirst("Authorization") + "\", \"body\": "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(
                        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)) + "}");
        });
        server.createContext("/fail", ex -> reply(ex, 500, "text/plain", "boom, token was "
                + ex.getRequestHeaders().getFirst("Authorization")));
        server.createContext("/missing", ex -> reply(ex, 404, "text/plain", "no such thing"));
        server.createContext("/busy", ex -> reply(ex, 429, "text/plain", "slow down"));
        server.createContext("/to-private", ex -> {
            ex.getResponseHeaders().add("Location", "http://10.0.0.1/secret");
            reply(ex, 302, "text/plain", "");
        });
        server.createContext("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            reply(ex, 302, "text/plain", "");
        });
        server.createContext("/big", ex -> reply(ex, 200, "text/plain", "x".repeat(5000)));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static void reply(HttpExchange ex, int status, String type, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    TestingTaskContext allowed(String json) {
        TestingTaskContext ctx = TestingTaskContext.withConfig(json);
        ctx.resources.put(HttpPolicy.RESOURCE, new HttpPolicy(List.of("127.0.0.1")));
        return ctx;
    }

    @Test
    void parsesJsonBodiesAndKeepsTextAsText() throws Exception {
        var json = http.execute(allowed("{\"url\": \"" + base + "/json\"}"));
        assertThat(json.path("status").asInt()).isEqualTo(200);
        assertThat(json.path("body").path("items").size()).isEqualTo(2);
        assertThat(http.execute(allowed("{\"url\": \"" + base + "/text\"}")).path("body").asString()).isEqualTo("hello");
    }

    @Test
    void sendsJsonBodiesAndEncodesQueryParameters() throws Exception {
        var out = http.execute(allowed("{\"url\": \"" + base + "/echo\", \"method\": \"POST\", "
                + "\"query\": {\"q\": \"a b&c\"}, \"body\": {\"n\": 1}}"));
        var echo = out.path("body");
        assertThat(echo.path("method").asString()).isEqualTo("POST");
        assertThat(echo.path("query").asString()).isEqualTo("q=a+b%26c");
        assertThat(echo.path("type").asString()).isEqualTo("application/json");
        assertThat(echo.path("body").asString()).isEqualTo("{\"n\":1}");
    }

    @Test
    void loopbackIsRefusedUnlessAllowListed() {
        var ctx = TestingTaskContext.withConfig("{\"url\": \"" + base + "/json\"}");
        assertThatThrownBy(() -> http.execute(ctx)).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("loopback").matches(e -> ((TaskFailure) e).nonRetryable());
        var cidr = TestingTaskContext.withConfig("{\"url\": \"" + base + "/json\"}");
        cidr.resources.put(HttpPolicy.RESOURCE, new HttpPolicy(List.of("127.0.0.0/8")));
        assertThatThrownBy(() -> http.execute(TestingTaskContext.withConfig("{\"url\": \"ftp://example.com/x\"}")))
                .hasMessageContaining("only http and https");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> http.execute(cidr))).isNull();
    }

    @Test
    void privateLinkLocalAndMappedAddressesAreClassified() throws Exception {
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("10.1.2.3"))).isEqualTo("private");
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("192.168.0.1"))).isEqualTo("private");
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("169.254.169.254"))).isEqualTo("link-local");
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("100.64.0.1"))).isEqualTo("carrier-grade NAT");
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("::ffff:127.0.0.1"))).isEqualTo("loopback");
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("fd00::1"))).startsWith("private");
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("0.0.0.0"))).isEqualTo("unspecified");
        assertThat(AddressGuard.refusedClass(InetAddress.getByName("8.8.8.8"))).isNull();
    }

    @Test
    void redirectsAreCheckedAtEveryHopAndBounded() {
        assertThatThrownBy(() -> http.execute(allowed("{\"url\": \"" + base + "/to-private\"}")))
                .hasMessageContaining("10.0.0.1").hasMessageContaining("private");
        assertThatThrownBy(() -> http.execute(allowed("{\"url\": \"" + base + "/loop\"}")))
                .hasMessageContaining("more than 5 redirects");
    }

    @Test
    void statusExpectationsDecideRetries() {
        assertThatThrownBy(() -> http.execute(allowed("{\"url\": \"" + base + "/missing\"}")))
                .hasMessageContaining("404").hasMessageContaining("no such thing")
                .matches(e -> ((TaskFailure) e).nonRetryable());
        assertThatThrownBy(() -> http.execute(allowed("{\"url\": \"" + base + "/busy\"}")))
                .matches(e -> !((TaskFailure) e).nonRetryable());
        assertThatThrownBy(() -> http.execute(allowed("{\"url\": \"" + base + "/big\", \"max_response_bytes\": 100}")))
                .hasMessageContaining("larger than 100 bytes");
    }

    @Test
    void secretsReachTheServerButNeverTheOutputOrErrors() throws Exception {
        var ctx = allowed("{\"url\": \"" + base + "/echo\", \"headers\": {\"Authorization\": \"Bearer {{secrets.TOKEN}}\"}}");
        ctx.secrets.put("TOKEN", "s3cr3t-value");
        ctx.secretRefs.put("/headers/Authorization", Set.of("TOKEN"));
        var out = http.execute(ctx);
        assertThat(receivedAuth).isEqualTo("Bearer s3cr3t-value");
        // the server echoed the secret back: the output masks it
        assertThat(out.path("body").path("auth").asString()).isEqualTo("Bearer ***");

        var failing = allowed("{\"url\": \"" + base + "/fail\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\"}}");
        failing.secrets.put("TOKEN", "s3cr3t-value");
        failing.secretRefs.put("/headers/Authorization", Set.of("TOKEN"));
        assertThatThrownBy(() -> http.execute(failing)).hasMessageContaining("500").hasMessageContaining("***")
                .hasMessageNotContaining("s3cr3t-value");
    }

    @Test
    void aSecretReferenceThatArrivedInDataIsNeverResolved() throws Exception {
        var ctx = allowed("{\"url\": \"" + base + "/echo\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\"}}");
        ctx.secrets.put("TOKEN", "s3cr3t-value");
        // secret_refs is empty: the reference came from an input or an upstream output, not the pipeline file.
        var out = http.execute(ctx);
        assertThat(out.path("body").path("auth").asString()).isEqualTo("{{secrets.TOKEN}}");
    }

    @Test
    void anUnknownSecretIsNamed() {
        var ctx = allowed("{\"url\": \"" + base + "/echo?k={{secrets.NOPE}}\"}");
        ctx.secretRefs.put("/url", Set.of("NOPE"));
        assertThatThrownBy(() -> http.execute(ctx)).hasMessageContaining("NOPE");
    }
}
