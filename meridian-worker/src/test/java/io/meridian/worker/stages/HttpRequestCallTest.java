package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.testing.LocalHttpServer;
import io.meridian.worker.testing.TestingTaskContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** http_request's request building, response reading and status handling, against a real local server. */
class HttpRequestCallTest {
    final LocalHttpServer server = new LocalHttpServer();
    final HttpRequestStage http = new HttpRequestStage();

    @AfterEach
    void stop() {
        server.close();
    }

    TestingTaskContext ctx(String json) {
        return TestingTaskContext.withConfig(json).resource(HttpPolicy.RESOURCE, new HttpPolicy(List.of("127.0.0.1")));
    }

    String url(String path) {
        return server.url(path);
    }

    @Test
    void getParsesAJsonBody() throws Exception {
        server.reply("/json", 200, "application/json; charset=utf-8", "{\"items\": [1, 2], \"name\": \"é\"}");
        var out = http.execute(ctx("{\"url\": \"" + url("/json") + "\"}"));
        assertThat(out.path("status").asInt()).isEqualTo(200);
        assertThat(out.path("body").toString()).isEqualTo("{\"items\":[1,2],\"name\":\"é\"}");
        assertThat(out.path("headers").path("content-type").asString()).startsWith("application/json");
        assertThat(server.last().method()).isEqualTo("GET");
    }

    @Test
    void textStaysText() throws Exception {
        server.reply("/text", 200, "text/plain", "hello, world");
        server.reply("/broken", 200, "text/plain", "{not json");
        assertThat(http.execute(ctx("{\"url\": \"" + url("/text") + "\"}")).path("body").isString()).isTrue();
        assertThat(http.execute(ctx("{\"url\": \"" + url("/text") + "\"}")).path("body").asString()).isEqualTo("hello, world");
        assertThat(http.execute(ctx("{\"url\": \"" + url("/broken") + "\"}")).path("body").asString()).isEqualTo("{not json");
    }

    @Test
    void postSendsAJsonBodyAsApplicationJson() throws Exception {
        server.reply("/in", 201, "text/plain", "");
        var out = http.execute(ctx("{\"url\": \"" + url("/in") + "\", \"method\": \"post\", \"body\": {\"n\": 1, \"s\": [\"x\"]}}"));
        assertThat(out.path("status").asInt()).isEqualTo(201);
        assertThat(server.last().method()).isEqualTo("POST");
        assertThat(server.last().header("Content-Type")).isEqualTo("application/json");
        assertThat(server.last().body()).isEqualTo("{\"n\":1,\"s\":[\"x\"]}");
    }

    @Test
    void aTextBodyIsSentAsIsAndAnExplicitContentTypeWins() throws Exception {
        server.reply("/in", 200, "text/plain", "ok");
        http.execute(ctx("{\"url\": \"" + url("/in") + "\", \"method\": \"PUT\", \"body\": \"a=1\", "
                + "\"headers\": {\"content-type\": \"application/x-www-form-urlencoded\", \"X-N\": 5}}"));
        assertThat(server.last().body()).isEqualTo("a=1");
        assertThat(server.last().headers().get("Content-Type")).containsExactly("application/x-www-form-urlencoded");
        assertThat(server.last().header("X-N")).isEqualTo("5");
    }

    @Test
    void queryParametersAreEncodedAndAppended() throws Exception {
        server.reply("/q", 200, "text/plain", "ok");
        http.execute(ctx("{\"url\": \"" + url("/q") + "\", \"query\": {\"q\": \"a b&c=d/é\", \"n\": 3}}"));
        assertThat(server.last().rawQuery()).isEqualTo("q=a+b%26c%3Dd%2F%C3%A9&n=3");
        http.execute(ctx("{\"url\": \"" + url("/q?x=1") + "\", \"query\": {\"y\": \"2\"}}"));
        assertThat(server.last().rawQuery()).isEqualTo("x=1&y=2");
    }

    @Test
    void anUnexpectedStatusFailsWithAnExcerptOfTheBody() {
        server.reply("/ok", 200, "text/plain", "plain answer " + "z".repeat(500));
        var f = catchThrowableOfType(TaskFailure.class,
                () -> http.execute(ctx("{\"url\": \"" + url("/ok") + "\", \"expect_status\": 201}")));
        assertThat(f.getMessage()).contains("returned 200").contains("(expected 201)").contains("plain answer")
                .contains("…").doesNotContain("z".repeat(400));
        assertThat(f.type()).isEqualTo("http_status");
    }

    @Test
    void expectStatusTakesAList() throws Exception {
        server.reply("/gone", 410, "text/plain", "gone");
        var out = http.execute(ctx("{\"url\": \"" + url("/gone") + "\", \"expect_status\": [200, 410]}"));
        assertThat(out.path("status").asInt()).isEqualTo(410);
        var f = catchThrowableOfType(TaskFailure.class,
                () -> http.execute(ctx("{\"url\": \"" + url("/gone") + "\", \"expect_status\": [200, 204]}")));
        assertThat(f.getMessage()).contains("returned 410").contains("gone");
    }

    @ParameterizedTest
    @CsvSource({"500, true", "503, true", "429, true", "408, true", "404, false", "400, false", "401, false"})
    void serverErrorsAndThrottlingAreRetriedOtherClientErrorsAreNot(int status, boolean retryable) {
        server.reply("/s", status, "text/plain", "status body");
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(ctx("{\"url\": \"" + url("/s") + "\"}")));
        assertThat(f.getMessage()).contains("returned " + status).contains("status body");
        assertThat(f.nonRetryable()).isEqualTo(!retryable);
    }

    @Test
    void maxResponseBytesIsEnforced() throws Exception {
        server.reply("/big", 200, "text/plain", "x".repeat(1000));
        assertThat(http.execute(ctx("{\"url\": \"" + url("/big") + "\", \"max_response_bytes\": 1000}"))
                .path("body").asString()).hasSize(1000);
        var f = catchThrowableOfType(TaskFailure.class,
                () -> http.execute(ctx("{\"url\": \"" + url("/big") + "\", \"max_response_bytes\": 999}")));
        assertThat(f.getMessage()).contains("larger than 999 bytes");
        assertThat(f.nonRetryable()).isTrue();
    }

    @Test
    void aMissingUrlIsBadConfig() {
        var f = catchThrowableOfType(TaskFailure.class, () -> http.execute(ctx("{}")));
        assertThat(f.nonRetryable()).isTrue();
        assertThat(f.getMessage()).contains("'url' is required");
    }
}
