package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.events.WebhookSignature;
import io.meridian.model.json.Json;
import io.meridian.server.triggers.WebhookTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook triggers on a real server: a signed message starts the pipeline with inputs mapped from it; the same
 * message delivered again starts nothing new; a bad signature, an old timestamp or a missing message id starts
 * nothing.
 */
class TriggerRoutesTest {
    static final String SECRET = "trigger-secret-0123456789";
    TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = new TestServer();
        String pipeline = "{\"id\": \"orders\", \"version\": 1, \"inputs\": {\"order\": {\"required\": true}},"
                + " \"stages\": [{\"id\": \"a\", \"type\": \"noop\"}]}";
        assertThat(s.call("POST", "/v1/pipelines", TestServer.CLIENT, pipeline).statusCode()).isEqualTo(201);
        s.server.triggers(List.of(new WebhookTrigger("shop", "orders", SECRET,
                Map.of("order", "{{input.order.id}}"), Duration.ofMinutes(5))));
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private java.net.http.HttpResponse<String> post(String body, String signature, String messageId)
            throws Exception {
        Map<String, String> headers = new java.util.HashMap<>();
        if (signature != null) {
            headers.put(WebhookSignature.HEADER, signature);
        }
        if (messageId != null) {
            headers.put("Meridian-Event-Id", messageId);
        }
        return s.call("POST", "/v1/triggers/shop", null, body, headers);
    }

    private int executions() throws Exception {
        var page = s.call("GET", "/v1/events?type=execution.created&limit=1000", TestServer.CLIENT, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return TestServer.json(page).path("events").size();
    }

    @Test
    void aSignedMessageStartsThePipelineOnceHoweverOftenItIsDelivered() throws Exception {
        String body = "{\"order\": {\"id\": \"o-42\", \"total\": 9.5}}";
        var first = post(body, WebhookSignature.sign(SECRET, Instant.now(), body.getBytes()), "msg-1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String id = Json.parse(first.body()).path("execution_id").asString();
        for (int i = 0; i < 3; i++) { // redelivered, signed again at each delivery
            var again = post(body, WebhookSignature.sign(SECRET, Instant.now(), body.getBytes()), "msg-1");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(Json.parse(again.body()).path("execution_id").asString()).isEqualTo(id);
        }
        assertThat(executions()).isEqualTo(1);
        var execution = TestServer.json(s.call("GET", "/v1/executions/" + id, TestServer.CLIENT, null));
        assertThat(execution.path("inputs").path("order").asString()).isEqualTo("o-42");
    }

    @Test
    void aBadSignatureAnOldTimestampOrNoMessageIdStartsNothing() throws Exception {
        String body = "{\"order\": {\"id\": \"o-1\"}}";
        assertThat(post(body, WebhookSignature.sign("another-secret-entirely", Instant.now(), body.getBytes()),
                "m").statusCode()).isEqualTo(401);
        assertThat(post(body, WebhookSignature.sign(SECRET, Instant.now(), "{\"order\": {\"id\": \"o-2\"}}"
                .getBytes()), "m").statusCode()).as("signed over another body").isEqualTo(401);
        var old = post(body, WebhookSignature.sign(SECRET, Instant.now().minus(Duration.ofMinutes(6)),
                body.getBytes()), "m");
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(TestServer.code(old)).isEqualTo("bad_signature");
        assertThat(post(body, null, "m").statusCode()).isEqualTo(401);
        assertThat(post(body, WebhookSignature.sign(SECRET, Instant.now(), body.getBytes()), null).statusCode())
                .isEqualTo(400);
        assertThat(s.call("POST", "/v1/triggers/nobody", null, body).statusCode()).isEqualTo(404);
        assertThat(executions()).isZero();
    }
}
