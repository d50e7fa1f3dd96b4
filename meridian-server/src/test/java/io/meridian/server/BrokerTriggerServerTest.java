package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meridian.events.triggers.SourceSettings;
import io.meridian.events.triggers.SourceType;
import io.meridian.server.triggers.BrokerTrigger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A broker trigger on a real server and coordinator, fed by the Redis server on 127.0.0.1:6379: one message
 * appended three times (same id) starts one execution with its inputs mapped; a message whose inputs do not fit the
 * pipeline is a dead letter with the coordinator's reason and does not hold up the next; the counts show in
 * {@code /metrics}.
 */
class BrokerTriggerServerTest {
    static final String URL = "redis://127.0.0.1:6379";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String stream = "meridian-server-trigger-" + UUID.randomUUID();
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;
    private TestServer s;

    @BeforeEach
    void start() throws Exception {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", 6379), 2_000);
        } catch (IOException e) {
            Assumptions.assumeFalse("1".equals(System.getenv("MERIDIAN_REQUIRE_REDIS")), "Redis is required");
            Assumptions.abort("Redis not reachable at 127.0.0.1:6379: " + e.getMessage());
        }
        client = RedisClient.create(URL);
        redis = client.connect();
        s = new TestServer();
        String pipeline = "{\"id\": \"orders\", \"version\": 1, \"inputs\": {\"order\": {\"required\": true}},"
                + " \"stages\": [{\"id\": \"a\", \"type\": \"noop\"}]}";
        assertThat(s.call("POST", "/v1/pipelines", TestServer.CLIENT, pipeline).statusCode()).isEqualTo(201);
        s.server.brokerTriggers(List.of(new BrokerTrigger("shop", "orders", Map.of("order", "{{input.order.id}}"),
                new SourceSettings(SourceType.REDIS_STREAM, URL, stream, null, null))));
    }

    @AfterEach
    void stop() {
        if (s != null) {
            s.close();
        }
        if (redis != null) {
            redis.sync().del(stream, stream + ":dead-letters");
            redis.close();
            client.shutdown();
        }
    }

    private void append(String id, String body) {
        redis.sync().xadd(stream, Map.of("id", id, "body", body));
    }

    private List<JsonNode> created() throws Exception {
        var page = s.call("GET", "/v1/events?type=execution.created&limit=1000", TestServer.CLIENT, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return TestServer.json(page).path("events").valueStream().toList();
    }

    @Test
    void aMessageAppendedThreeTimesStartsOneExecutionAndABadOneIsADeadLetter() throws Exception {
        for (int i = 0; i < 3; i++) {
            append("msg-1", "{\"order\": {\"id\": \"o-1\"}}");
        }
        append("msg-2", "{\"no_order\": true}");
        append("msg-3", "{\"order\": {\"id\": \"o-3\"}}");
        await().atMost(PATIENCE).until(() -> created().size() == 2 && redis.sync().xlen(stream + ":dead-letters") == 1);

        var letter = redis.sync().xrange(stream + ":dead-letters", Range.create("-", "+")).getFirst().getBody();
        assertThat(letter).containsEntry("id", "msg-2");
        assertThat(letter.get("reason")).contains("order");
        List<String> orders = new java.util.ArrayList<>();
        for (JsonNode e : created()) {
            var execution = s.call("GET", "/v1/executions/" + e.path("executionid").asString(), TestServer.CLIENT,
                    null);
            orders.add(TestServer.json(execution).path("inputs").path("order").asString());
        }
        assertThat(orders).containsExactlyInAnyOrder("o-1", "o-3");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(s.call("GET", "/metrics", null, null).body())
                .contains("meridian_trigger_messages_total{outcome=\"duplicate\",trigger=\"shop\"} 2.0")
                .contains("meridian_trigger_messages_total{outcome=\"started\",trigger=\"shop\"} 2.0")
                .contains("meridian_trigger_messages_total{outcome=\"rejected\",trigger=\"shop\"} 1.0"));
    }

    /** The trigger benchmark: executions started per second from a Redis stream, each committed before its XACK. */
    @Test
    void benchmarkStartRate() throws Exception {
        int messages = 2_000;
        for (int i = 0; i < messages; i++) {
            append("bench-" + i, "{\"order\": {\"id\": \"o-" + i + "\"}}");
        }
        long start = System.nanoTime();
        String started = "meridian_trigger_messages_total{outcome=\"started\",trigger=\"shop\"} " + messages + ".0";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() ->
                s.call("GET", "/metrics", null, null).body().contains(started));
        double seconds = (System.nanoTime() - start) / 1e9;
        await().atMost(PATIENCE).until(() -> redis.sync().xpending(stream, "meridian-shop").getCount() == 0);
        System.out.printf("trigger benchmark: redis_stream started %d executions in %.2f s = %.0f executions/s%n",
                messages, seconds, messages / seconds);
    }
}
