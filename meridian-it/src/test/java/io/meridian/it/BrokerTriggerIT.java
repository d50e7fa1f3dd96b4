package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.meridian.model.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A broker trigger in a real {@code meridian server} process, configured in meridian.yaml, consuming a queue of the
 * RabbitMQ broker on 127.0.0.1:5672 while a worker process runs the stages: one message published three times
 * (the same message id, as a publisher that retried) starts one execution, which succeeds with its inputs mapped
 * from the message; every copy is acknowledged and the duplicates are counted in {@code /metrics}.
 */
class BrokerTriggerIT {
    static final String URL = "amqp://guest:guest@127.0.0.1:5672";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final String queue = "meridian-it-trigger-" + UUID.randomUUID();
    private Connection rabbit;
    private Channel channel;
    private ProcessHarness cluster;

    @BeforeEach
    void start() throws Exception {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
        } catch (IOException e) {
            Assumptions.assumeFalse("1".equals(System.getenv("MERIDIAN_REQUIRE_RABBITMQ")), "RabbitMQ is required");
            Assumptions.abort("RabbitMQ not reachable at 127.0.0.1:5672: " + e.getMessage());
        }
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URL);
        rabbit = f.newConnection();
        channel = rabbit.createChannel();
        channel.queueDeclare(queue, true, false, false, null);
        Files.writeString(dir.resolve("meridian.yaml"), """
                events:
                  triggers:
                    - name: shop
                      type: broker
                      pipeline: orders
                      inputs: {order: "{{input.order.id}}"}
                      source: {type: rabbitmq, url: "%s", queue: "%s"}
                """.formatted(URL, queue));
        cluster = new ProcessHarness(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (channel != null) {
            channel.queueDelete(queue);
            rabbit.close();
        }
    }

    @Test
    void aMessagePublishedThreeTimesStartsOneExecutionThatSucceeds() throws Exception {
        var server = cluster.server("coordinator");
        cluster.worker(server, "w1");
        var registered = call(server, "POST", "/v1/pipelines", """
                id: orders
                inputs: {order: {required: true}}
                stages:
                  - id: only
                    type: noop
                """);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).messageId("order-42")
                    .contentType("application/json").build(),
                    "{\"order\": {\"id\": \"o-42\"}}".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<JsonNode> all = executions(server);
            return all.size() == 1 && all.getFirst().path("status").asString().equals("succeeded");
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> call(server, "GET",
                "/metrics", null).body().contains(
                "meridian_trigger_messages_total{outcome=\"duplicate\",trigger=\"shop\"} 2.0"));
        assertThat(channel.messageCount(queue)).as("every copy acknowledged").isZero();
        assertThat(executions(server)).hasSize(1);
        String id = executions(server).getFirst().path("execution_id").asString();
        JsonNode execution = Json.parse(call(server, "GET", "/v1/executions/" + id, null).body());
        assertThat(execution.path("inputs").path("order").asString()).isEqualTo("o-42");
        assertThat(execution.path("status").asString()).isEqualTo("succeeded");
    }

    private static List<JsonNode> executions(ProcessHarness.Server server) throws Exception {
        var r = call(server, "GET", "/v1/executions?limit=100", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).path("items").valueStream().toList();
    }

    private static HttpResponse<String> call(ProcessHarness.Server server, String method, String path, String yaml)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.token());
        if (yaml == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/yaml").method(method, HttpRequest.BodyPublishers.ofString(yaml));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
