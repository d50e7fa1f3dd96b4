package io.meridian.server;

import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workers' exchange and heartbeat are served by Jetty in front of Javalin (HotRoutes): the same checks,
 * the same error JSON and headers, the same metrics as a route Javalin serves.
 */
class WorkerHotRoutesTest {
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String exchangeBody(String workerId, String secret) {
        return """
                {"worker_id": "%s", "incarnation": "i1", "reports": [], "held": [], "want_jobs": 1,
                 "wait_millis": 0, "active_jobs": 0, "session_secret": "%s"}""".formatted(workerId, secret);
    }

    private String register() throws Exception {
        var reg = server.call("POST", "/v1/workers", TestServer.WORKER, """
                {"worker_id": "w1", "incarnation": "i1", "host": "h", "pid": 1, "capabilities": ["cpu"], "cores": 2,
                 "memory_mb": 1024, "gpus": 0, "max_concurrency": 4, "region": null, "cost_per_hour": 0,
                 "labels": {}, "version": "t"}""");
        assertThat(reg.statusCode()).isEqualTo(201);
        return Json.parse(reg.body()).path("session_secret").asString();
    }

    @Test
    void anExchangeIsAnsweredWithItsLengthAndType() throws Exception {
        String id = Json.parse(server.call("POST", "/v1/queue/jobs", TestServer.CLIENT, "{\"type\": \"noop\"}")
                .body()).path("ids").get(0).asString();
        String secret = register();
        HttpResponse<String> r = server.call("POST", "/v1/workers/w1/exchange", TestServer.WORKER,
                exchangeBody("w1", secret));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(r.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(TestServer.json(r).path("grants").get(0).path("lease").path("job_id").asString()).isEqualTo(id);
        var heartbeat = server.call("POST", "/v1/workers/w1/heartbeat", TestServer.WORKER, exchangeBody("w1", secret)
                .replace("\"want_jobs\": 1", "\"want_jobs\": 0"));
        assertThat(heartbeat.statusCode()).isEqualTo(200);
    }

    @Test
    void authErrorsAreTheApisJson() throws Exception {
        var none = server.call("POST", "/v1/workers/w1/exchange", null, exchangeBody("w1", "s"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(code(none)).isEqualTo("unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/json");
        var unknown = server.call("POST", "/v1/workers/w1/exchange", "nope", exchangeBody("w1", "s"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(message(unknown)).isEqualTo("unknown token");
        var client = server.call("POST", "/v1/workers/w1/exchange", TestServer.CLIENT, exchangeBody("w1", "s"));
        assertThat(client.statusCode()).isEqualTo(403);
        assertThat(message(client)).contains("POST /v1/workers/{id}/exchange");
    }

    @Test
    void badBodiesAndPathsAreRefusedAsBefore() throws Exception {
        var mismatch = server.call("POST", "/v1/workers/w2/exchange", TestServer.WORKER, exchangeBody("w1", "s"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(message(mismatch)).contains("the path names worker 'w2'");
        var unknownField = server.call("POST", "/v1/workers/w1/exchange", TestServer.WORKER,
                exchangeBody("w1", "s").replace("\"held\"", "\"hold\""));
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(code(unknownField)).isEqualTo("unknown_field");
        var empty = server.call("POST", "/v1/workers/w1/exchange", TestServer.WORKER, "");
        assertThat(empty.statusCode()).isEqualTo(400);
        // an id that needs decoding goes on to Javalin, which decodes it ("w+1") for the route to refuse
        var encoded = server.call("POST", "/v1/workers/w%2B1/exchange", TestServer.WORKER, exchangeBody("w1", "s"));
        assertThat(encoded.statusCode()).isEqualTo(400);
        assertThat(code(encoded)).isEqualTo("invalid_field");
        assertThat(message(encoded)).contains("w+1");
        var wrongMethod = server.call("GET", "/v1/workers/w1/exchange", TestServer.WORKER, null);
        assertThat(wrongMethod.statusCode()).isIn(404, 405);
    }

    @Test
    void exchangesAreCountedUnderTheirRoute() throws Exception {
        server.call("POST", "/v1/workers/w1/exchange", TestServer.WORKER, exchangeBody("w1", "s"));
        // counted once Jetty has finished writing the answer, which can be just after the client read it
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(server.call("GET", "/metrics", null, null).body())
                        .contains("route=\"/v1/workers/{id}/exchange\""));
    }
}
