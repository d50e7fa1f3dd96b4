package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.testing.LocalHttpServer;
import io.meridian.worker.testing.TestingTaskContext;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {{secrets.NAME}}: filled only where the pipeline's own config put it, and never seen again afterwards. */
class HttpRequestSecretsTest {
    static final String SECRET = "tok-9f8e7d6c5b4a";
    final LocalHttpServer server = new LocalHttpServer()
            .reply("/ok", 200, "application/json", "{\"done\": true}")
            // A careless server: fails and echoes the credential it got back in its body.
            .on("/fail", (ex, seen) -> LocalHttpServer.respond(ex, 500, "text/plain",
                    "bad credentials: " + seen.header("Authorization")));
    final HttpRequestStage http = new HttpRequestStage();

    @AfterEach
    void stop() {
        server.close();
    }

    TestingTaskContext ctx(String json) {
        return TestingTaskContext.withConfig(json).secret("TOKEN", SECRET)
                .resource(HttpPolicy.RESOURCE, new HttpPolicy(List.of("127.0.0.1")));
    }

    @Test
    void aHeaderSecretReachesTheServerButNotTheOutput() throws Exception {
        var c = ctx("{\"url\": \"" + server.url("/ok") + "\", \"headers\": {\"Authorization\": \"Bearer {{secrets.TOKEN}}\"}}")
                .secretRefs(Map.of("/headers/Authorization", Set.of("TOKEN")));
        var out = http.execute(c);
        assertThat(server.last().header("Authorization")).isEqualTo("Bearer " + SECRET);
        assertThat(out.toString()).doesNotContain(SECRET).contains("\"done\":true");
        assertThat(c.config().toString()).contains("{{secrets.TOKEN}}").doesNotContain(SECRET);
    }

    @Test
    void secretsInTheUrlQueryAndBodyAreFilled() throws Exception {
        var c = ctx("{\"url\": \"" + server.url("/ok") + "?k={{secrets.TOKEN}}\", \"method\": \"POST\", "
                + "\"query\": {\"q\": \"{{ secrets.TOKEN }}\"}, \"body\": {\"auth\": {\"t\": \"{{secrets.TOKEN}}\"}}}")
                .secretRefs("/url", "TOKEN").secretRefs("/query/q", "TOKEN").secretRefs("/body/auth/t", "TOKEN");
        http.execute(c);
        assertThat(server.last().rawQuery()).isEqualTo("k=" + SECRET + "&q=" + SECRET);
        assertThat(server.last().body()).isEqualTo("{\"auth\":{\"t\":\"" + SECRET + "\"}}");
    }

    @Test
    void aQueryKeyNeedingPointerEscapesStillGetsItsSecret() throws Exception {
        // The engine escapes keys in secret_refs pointers (RFC 6901): "a/b" → "a~1b".
        var c = ctx("{\"url\": \"" + server.url("/ok") + "\", \"query\": {\"a/b\": \"{{secrets.TOKEN}}\"}}")
                .secretRefs("/query/a~1b", "TOKEN");
        http.execute(c);
        assertThat(server.last().rawQuery()).isEqualTo("a%2Fb=" + SECRET);
    }

    @Test
    void aSuccessfulResponseEchoingTheSecretIsMaskedInTheOutput() throws Exception {
        server.on("/echo", (ex, seen) -> {
            ex.getResponseHeaders().add("X-Seen", seen.header("Authorization"));
            LocalHttpServer.respond(ex, 200, "application/json", "{\"you_sent\": \"" + seen.header("Authorization") + "\"}");
        });
        var c = ctx("{\"url\": \"" + server.url("/echo") + "\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\"}}")
                .secretRefs("/headers/Authorization", "TOKEN");
        var out = http.execute(c);
        assertThat(server.last().header("Authorization")).isEqualTo(SECRET);
        assertThat(out.path("body").path("you_sent").asString()).isEqualTo("***");
        assertThat(out.path("headers").toString()).contains("***");
        assertThat(out.toString()).doesNotContain(SECRET);
    }

    @Test
    void anErrorExcerptEchoingTheSecretIsMasked() {
        var c = ctx("{\"url\": \"" + server.url("/fail") + "\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\"}}")
                .secretRefs("/headers/Authorization", "TOKEN");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(server.last().header("Authorization")).isEqualTo(SECRET);
        assertThat(f.getMessage()).contains("returned 500").contains("bad credentials: ***").doesNotContain(SECRET);
        assertThat(f.nonRetryable()).isFalse();
    }

    @Test
    void theExcerptCutNeverLeavesPartOfASecret() {
        // The secret straddles the 300-character excerpt limit.
        server.on("/long", (ex, seen) -> LocalHttpServer.respond(ex, 500, "text/plain",
                "e".repeat(290) + seen.header("Authorization") + " tail"));
        var c = ctx("{\"url\": \"" + server.url("/long") + "\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\"}}")
                .secretRefs("/headers/Authorization", "TOKEN");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.getMessage()).doesNotContain(SECRET.substring(0, 6)).contains("***");
    }

    @Test
    void aNetworkErrorDoesNotShowASecretFromTheUrl() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        var c = ctx("{\"url\": \"http://127.0.0.1:" + closed + "/{{secrets.TOKEN}}\"}").secretRefs("/url", "TOKEN");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.type()).isEqualTo("network_error");
        assertThat(f.nonRetryable()).isFalse();
        assertThat(f.getMessage()).contains("/{{secrets.TOKEN}}").doesNotContain(SECRET);
    }

    @Test
    void aReferenceThatArrivedInDataIsSentLiterally() throws Exception {
        // The pipeline put TOKEN in Authorization; X-Data's reference came from an input, so it is not listed.
        var c = ctx("{\"url\": \"" + server.url("/ok") + "\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\", "
                + "\"X-Data\": \"{{secrets.TOKEN}}\"}, \"body\": \"{{secrets.TOKEN}}\", \"method\": \"POST\"}")
                .secretRefs("/headers/Authorization", "TOKEN");
        http.execute(c);
        assertThat(server.last().header("Authorization")).isEqualTo(SECRET);
        assertThat(server.last().header("X-Data")).isEqualTo("{{secrets.TOKEN}}");
        assertThat(server.last().body()).isEqualTo("{{secrets.TOKEN}}");
    }

    @Test
    void aReferenceWithNoSecretRefsAtAllIsNeverResolved() throws Exception {
        http.execute(ctx("{\"url\": \"" + server.url("/ok") + "\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\"}}"));
        assertThat(server.last().header("Authorization")).isEqualTo("{{secrets.TOKEN}}");
    }

    @Test
    void anUnknownSecretIsNamedAndFinal() {
        var c = ctx("{\"url\": \"" + server.url("/ok") + "\", \"headers\": {\"X-Key\": \"{{secrets.MISSING_KEY}}\"}}")
                .secretRefs("/headers/X-Key", "MISSING_KEY");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.getMessage()).contains("MISSING_KEY").contains("unknown secret");
        assertThat(f.nonRetryable()).isTrue();
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aCrossOriginRedirectDoesNotCarryTheSecretHeader() throws Exception {
        try (var other = new LocalHttpServer().reply("/landing", 200, "text/plain", "landed")) {
            server.redirect("/away", 302, other.url("/landing"));
            var c = ctx("{\"url\": \"" + server.url("/away") + "\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\", "
                    + "\"X-Plain\": \"kept\"}}").secretRefs("/headers/Authorization", "TOKEN");
            assertThat(http.execute(c).path("body").asString()).isEqualTo("landed");
            assertThat(server.last().header("Authorization")).isEqualTo(SECRET);
            assertThat(other.last().header("Authorization")).isNull();
            assertThat(other.last().header("X-Plain")).isEqualTo("kept");
        }
    }

    @Test
    void aSameOriginRedirectKeepsTheSecretHeader() throws Exception {
        server.redirect("/moved", 301, "/ok");
        var c = ctx("{\"url\": \"" + server.url("/moved") + "\", \"headers\": {\"Authorization\": \"{{secrets.TOKEN}}\"}}")
                .secretRefs("/headers/Authorization", "TOKEN");
        http.execute(c);
        assertThat(server.requests).extracting(s -> s.header("Authorization")).containsExactly(SECRET, SECRET);
    }

    // ---- every path a filled secret could take into a stored error (issue 12) ----------------------------

    /** A secret of mixed case, so that a lower-cased or encoded echo of it is not the exact value. */
    static final String MIXED = "Sec-RET/9f+8e Q";

    static void assertShowsNoFormOf(String secret, String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        assertThat(lower).doesNotContain(secret.toLowerCase(java.util.Locale.ROOT));
        for (String form : SecretForms.of(secret)) {
            assertThat(lower).as(form).doesNotContain(form.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void aSecretInTheUrlHostIsNotShownWhenTheHostCannotBeResolved() {
        String secret = "Host-Key-7F3A";
        var c = ctx("{\"url\": \"http://{{secrets.HOST}}.invalid/path\"}").secret("HOST", secret)
                .secretRefs("/url", "HOST");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.type()).isEqualTo("network_error");
        assertThat(f.getMessage()).contains("cannot resolve the host of 'http://{{secrets.HOST}}.invalid/path'");
        assertShowsNoFormOf(secret, f.getMessage());
    }

    @Test
    void aSecretInTheUrlHostIsNotShownWhenTheClientFailsToConnect() {
        String secret = "Host-Key-7F3A";
        String host = secret.toLowerCase(java.util.Locale.ROOT) + ".invalid";
        // allow-listed by name, so the address check passes and the HTTP client itself fails on the name
        var c = TestingTaskContext.withConfig("{\"url\": \"http://{{secrets.HOST}}.invalid/path\"}")
                .secret("HOST", secret).secretRefs("/url", "HOST")
                .resource(HttpPolicy.RESOURCE, new HttpPolicy(List.of(host)));
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.type()).isEqualTo("network_error");
        assertThat(f.getMessage()).contains("GET http://{{secrets.HOST}}.invalid/path failed");
        assertShowsNoFormOf(secret, f.getMessage());
    }

    @Test
    void aSecretUsedAsTheSchemeIsNotShownLowerCased() {
        String secret = "GoPher-Scheme";
        var c = ctx("{\"url\": \"{{secrets.SCHEME}}://127.0.0.1:" + server.port() + "/ok\"}")
                .secret("SCHEME", secret).secretRefs("/url", "SCHEME");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.getMessage()).contains("only http and https", "{{secrets.SCHEME}}://127.0.0.1");
        assertShowsNoFormOf(secret, f.getMessage());
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aHeaderSecretWithALineBreakFailsNamingTheHeaderNotTheValue() {
        String secret = "Line-One\r\nX-Injected: Line-Two";
        var c = ctx("{\"url\": \"" + server.url("/ok") + "\", \"headers\": {\"X-Key\": \"k={{secrets.KEY}}\"}}")
                .secret("KEY", secret).secretRefs("/headers/X-Key", "KEY");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.type()).isEqualTo("bad_config");
        assertThat(f.getMessage()).contains("header 'X-Key'", "line break", "k={{secrets.KEY}}");
        assertThat(f.getMessage()).doesNotContain("Line-One").doesNotContain("Line-Two");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aSecretThatMakesTheUrlInvalidIsNotShown() {
        String secret = "bad host^Key";
        var c = ctx("{\"url\": \"http://{{secrets.HOST}}/x\"}").secret("HOST", secret).secretRefs("/url", "HOST");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.getMessage()).contains("invalid URL 'http://{{secrets.HOST}}/x'");
        assertShowsNoFormOf(secret, f.getMessage());
    }

    @Test
    void aServerEchoingTheSecretEncodedOrInAnotherCaseIsMasked() {
        server.on("/echo-fail", (ex, seen) -> LocalHttpServer.respond(ex, 500, "text/plain",
                "query was " + seen.rawQuery() + "; header was " + seen.header("X-Key").toUpperCase(java.util.Locale.ROOT)
                        + "; json " + io.meridian.model.json.Json.write(seen.header("X-Key"))));
        var c = ctx("{\"url\": \"" + server.url("/echo-fail") + "\", \"query\": {\"k\": \"{{secrets.KEY}}\"}, "
                + "\"headers\": {\"X-Key\": \"{{secrets.KEY}}\"}}").secret("KEY", MIXED)
                .secretRefs("/query/k", "KEY").secretRefs("/headers/X-Key", "KEY");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(server.last().header("X-Key")).isEqualTo(MIXED);
        assertThat(server.last().rawQuery()).isEqualTo("k=" + java.net.URLEncoder.encode(MIXED,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(f.getMessage()).contains("returned 500", "query was k=***", "header was ***", "json \"***\"");
        assertShowsNoFormOf(MIXED, f.getMessage());
    }

    @Test
    void aRestrictedHeaderIsAConfigErrorWithoutTheRawValue() {
        var c = ctx("{\"url\": \"" + server.url("/ok") + "\", \"headers\": {\"Host\": \"{{secrets.TOKEN}}\"}}")
                .secretRefs("/headers/Host", "TOKEN");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
        assertThat(f.type()).isEqualTo("bad_config");
        assertThat(f.getMessage()).contains("cannot be sent");
        assertShowsNoFormOf(SECRET, f.getMessage());
    }
}
