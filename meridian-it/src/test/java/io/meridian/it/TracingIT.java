package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpServer;
import io.meridian.it.OtlpReceiver.ReceivedSpan;
import io.meridian.model.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator and a worker, separate JVMs, both exporting over OTLP/HTTP to a collector in the test: one trace
 * per execution, a span per stage and per attempt in the coordinator, the worker's handler spans children of the
 * attempts (the traceparent went through the lease grant), and the http_request target sees the trace too. A
 * traced coordinator's sinks (a webhook, RabbitMQ) put the execution's trace into the messages of its events.
 */
class TracingIT {
    @TempDir
    Path dir;
    OtlpReceiver collector;
    HttpServer target;
    final List<String> traceparentsAtTarget = new CopyOnWriteArrayList<>();
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (collector != null) {
            collector.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    Map<String, String> otel(String service) {
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "100",
                "OTEL_SERVICE_NAME", service);
    }

    @Test
    void anExecutionIsOneTraceAcrossTheCoordinatorTheWorkerAndTheHttpTarget() throws Exception {
        collector = new OtlpReceiver();
        startTarget();
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator", otel("meridian-coordinator"));
        Files.writeString(dir.resolve("worker.yaml"), "http: {allow: [\"127.0.0.1\"]}\n");
        cluster.worker(server, "w1", otel("meridian-worker"), "--config", dir.resolve("worker.yaml").toString());
        Path pipeline = dir.resolve("traced.yaml");
        Files.writeString(pipeline, """
                id: traced
                stages:
                  - id: call
                    type: http_request
                    config: {url: "http://127.0.0.1:%d/hook", method: GET}
                  - id: after
                    type: noop
                    depends_on: [call]
                """.formatted(target.getAddress().getPort()));
        var submitted = cluster.cli(server, "submit", pipeline.toString());
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        String id = submitted.stdout().strip();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                ProcessHarness.execution(server, id).path("status").asString().matches(
                "succeeded|failed|cancelled"));
        assertThat(Json.parse(cluster.cli(server, "status", id, "--json").stdout()).path("status").asString())
                .isEqualTo("succeeded");

        // coordinator: execution, 2 stages, 2 attempts; worker: 2 handler calls
        await().atMost(Duration.ofSeconds(30)).until(() -> ofExecution(id).size() >= 7);
        List<ReceivedSpan> spans = ofExecution(id);
        assertThat(spans).extracting(ReceivedSpan::traceId).as("one trace per execution").containsOnly(
                spans.getFirst().traceId());
        ReceivedSpan root = one(spans, "execution traced");
        assertThat(root.parentSpanId()).isEmpty();
        assertThat(root.service()).isEqualTo("meridian-coordinator");
        ReceivedSpan call = one(spans, "stage call");
        ReceivedSpan after = one(spans, "stage after");
        assertThat(List.of(call, after)).allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(root.spanId()));
        ReceivedSpan httpAttempt = one(spans, "attempt http_request");
        ReceivedSpan noopAttempt = one(spans, "attempt noop");
        assertThat(httpAttempt.parentSpanId()).isEqualTo(call.spanId());
        assertThat(noopAttempt.parentSpanId()).isEqualTo(after.spanId());
        assertThat(httpAttempt.attributes()).containsEntry("meridian.worker.id", "w1")
                .containsEntry("meridian.job.attempt", "1");

        ReceivedSpan handled = one(spans, "handle http_request");
        assertThat(handled.service()).as("exported by the worker process").isEqualTo("meridian-worker");
        assertThat(handled.parentSpanId()).isEqualTo(httpAttempt.spanId());
        assertThat(one(spans, "handle noop").parentSpanId()).isEqualTo(noopAttempt.spanId());

        assertThat(traceparentsAtTarget).as("http_request sends the handler span's context on")
                .containsExactly("00-" + root.traceId() + "-" + handled.spanId() + "-01");
    }

    /**
     * The webhook sink of a traced coordinator process: each message of the execution's events carries the
     * execution's trace in {@code traceparent} (its root span for execution events, the stage's span for stage
     * events), and the events outside an execution (the worker's registration, the leader's election) none.
     */
    @Test
    void aTracedCoordinatorsWebhookMessagesCarryTheExecutionsTrace() throws Exception {
        collector = new OtlpReceiver();
        List<Map.Entry<String, tools.jackson.databind.JsonNode>> delivered = new CopyOnWriteArrayList<>();
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/events", ex -> {
            try (ex) {
                String traceparent = String.valueOf(ex.getRequestHeaders().getFirst("traceparent"));
                delivered.add(Map.entry(traceparent, Json.parse(ex.getRequestBody().readAllBytes())));
                ex.sendResponseHeaders(204, -1);
            }
        });
        target.start();
        Files.writeString(dir.resolve("meridian.yaml"), """
                events:
                  sinks:
                    - {name: hook, type: webhook, url: "http://127.0.0.1:%d/events", secret: "it-webhook-secret-0123"}
                """.formatted(target.getAddress().getPort()));
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator", otel("meridian-coordinator"));
        cluster.worker(server, "w1", Map.of());
        String id = submitTwoStages(server);
        assertTheRunsMessagesCarryItsTrace(id, delivered);
    }

    /**
     * The same for the RabbitMQ sink of a traced coordinator process: read back from a real queue, each message of
     * the execution's events carries the execution's trace in its {@code traceparent} AMQP header.
     */
    @Test
    void aTracedCoordinatorsRabbitMqMessagesCarryTheExecutionsTraceInTheirHeaders() throws Exception {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
        } catch (IOException e) {
            Assumptions.assumeFalse("1".equals(System.getenv("MERIDIAN_REQUIRE_RABBITMQ")), "RabbitMQ is required");
            Assumptions.abort("RabbitMQ not reachable at 127.0.0.1:5672: " + e.getMessage());
        }
        collector = new OtlpReceiver();
        String amqp = "amqp://guest:guest@127.0.0.1:5672";
        String queue = "meridian-it-traced-" + UUID.randomUUID();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(amqp);
        try (Connection rabbit = factory.newConnection("tracing-it")) {
            Channel channel = rabbit.createChannel();
            // exclusive: gone with this connection; declared before the coordinator starts, so that no event of
            // the run is unroutable (a mandatory message no queue takes fails its batch)
            channel.queueDeclare(queue, false, true, true, null);
            List<Map.Entry<String, tools.jackson.databind.JsonNode>> delivered = new CopyOnWriteArrayList<>();
            channel.basicConsume(queue, true, (tag, message) -> {
                Map<String, Object> headers = message.getProperties().getHeaders();
                Object traceparent = headers == null ? null : headers.get("traceparent");
                delivered.add(Map.entry(String.valueOf(traceparent), Json.parse(message.getBody())));
            }, tag -> { });
            Files.writeString(dir.resolve("meridian.yaml"), """
                    events:
                      sinks:
                        - {name: bus, type: rabbitmq, url: "%s", routing_key: "%s"}
                    """.formatted(amqp, queue));
            cluster = new ProcessHarness(dir);
            var server = cluster.server("coordinator", otel("meridian-coordinator"));
            cluster.worker(server, "w1", Map.of());
            String id = submitTwoStages(server);
            assertTheRunsMessagesCarryItsTrace(id, delivered);
        }
    }

    private String submitTwoStages(ProcessHarness.Server server) throws Exception {
        Path pipeline = dir.resolve("traced.yaml");
        Files.writeString(pipeline, """
                id: traced
                stages:
                  - id: first
                    type: noop
                  - id: second
                    type: noop
                    depends_on: [first]
                """);
        var submitted = cluster.cli(server, "submit", pipeline.toString());
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        return submitted.stdout().strip();
    }

    /**
     * {@code delivered}: (traceparent, or "null" without one; the CloudEvent) per message, as the sink sent them.
     * Every event of execution {@code id} carries its trace (the root span for execution events, the stage's span
     * for stage events); the events outside an execution (the worker's registration, the leader's election) none.
     */
    private void assertTheRunsMessagesCarryItsTrace(String id,
            List<Map.Entry<String, tools.jackson.databind.JsonNode>> delivered) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> delivered.stream()
                .anyMatch(m -> m.getValue().path("type").asString().equals("io.meridian.execution.succeeded")));
        await().atMost(Duration.ofSeconds(30)).until(() -> ofExecution(id).size() >= 5);
        List<ReceivedSpan> spans = ofExecution(id);
        ReceivedSpan root = one(spans, "execution traced");
        Map<String, String> stageSpans = Map.of("first", one(spans, "stage first").spanId(),
                "second", one(spans, "stage second").spanId());

        List<Map.Entry<String, tools.jackson.databind.JsonNode>> ofRun = delivered.stream()
                .filter(m -> id.equals(m.getValue().path("executionid").asString(null))).toList();
        assertThat(ofRun).extracting(m -> m.getValue().path("type").asString()).contains(
                "io.meridian.execution.created", "io.meridian.stage.started", "io.meridian.job.succeeded",
                "io.meridian.stage.succeeded", "io.meridian.execution.succeeded");
        assertThat(ofRun).allSatisfy(m -> assertThat(m.getKey()).as(m.getValue().toString())
                .matches("00-" + root.traceId() + "-[0-9a-f]{16}-01"));
        for (var m : ofRun) {
            String type = m.getValue().path("type").asString();
            String spanId = m.getKey().split("-")[2];
            if (type.startsWith("io.meridian.execution.")) {
                assertThat(spanId).as(type).isEqualTo(root.spanId());
            } else if (type.startsWith("io.meridian.stage.")) {
                assertThat(spanId).as(type).isEqualTo(stageSpans.get(m.getValue().path("data").path("stage_id")
                        .asString()));
            }
        }
        assertThat(delivered).filteredOn(m -> m.getValue().path("executionid").isMissingNode()
                || m.getValue().path("executionid").isNull())
                .as("events outside an execution").isNotEmpty()
                .allSatisfy(m -> assertThat(m.getKey()).isEqualTo("null"));
    }

    private void startTarget() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/hook", ex -> {
            try (ex) {
                traceparentsAtTarget.add(String.valueOf(ex.getRequestHeaders().getFirst("traceparent")));
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        target.start();
    }

    private List<ReceivedSpan> ofExecution(String id) {
        return collector.spans.stream().filter(s -> id.equals(s.attributes().get("meridian.execution.id"))).toList();
    }

    private static ReceivedSpan one(List<ReceivedSpan> spans, String name) {
        List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("spans named '%s' among %s", name, spans.stream().map(ReceivedSpan::name).toList())
                .hasSize(1);
        return named.getFirst();
    }
}
