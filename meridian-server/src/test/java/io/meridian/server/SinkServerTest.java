package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meridian.events.DeliveryPolicy;
import io.meridian.events.SinkFilter;
import io.meridian.events.SinkSettings;
import io.meridian.events.SinkType;
import io.meridian.events.WebhookSignature;
import io.meridian.model.json.Json;
import io.meridian.store.memory.InMemoryStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A leading server delivering its events to a webhook sink: a sink that does not answer does not slow the API's
 * commits, and after the coordinator restarts on the same store the sink resumes from its durable cursor, so the
 * receiver has every event of both runs, in order per execution.
 */
class SinkServerTest {
    static final String SECRET = "sink-test-secret-0123";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = WebhookSignature.verify(SECRET, exchange.getRequestHeaders()
                    .getFirst(WebhookSignature.HEADER), body, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
            try {
                gate.await(); // a stalled receiver holds the sink's request
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (valid) {
                received.add(Json.parse(body));
            }
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        gate.countDown();
        receiver.stop(0);
    }

    private List<SinkSettings> webhook() {
        return List.of(new SinkSettings("hook", SinkType.WEBHOOK, "http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook", null, null, SECRET, SinkFilter.ALL, new DeliveryPolicy(500, 3, Duration.ofMillis(20),
                Duration.ofMillis(200), Duration.ofSeconds(60))));
    }

    private static void startExecution(TestServer s) throws Exception {
        String pipeline = "id: sunk\nstages:\n  - id: only\n    type: noop\n";
        var r = s.call("POST", "/v1/executions", TestServer.CLIENT, "{\"pipeline_text\": " + Json.write(pipeline) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aStalledSinkDoesNotSlowCommitsAndARestartResumesFromTheCursor() throws Exception {
        InMemoryStore store = new InMemoryStore();
        gate = new CountDownLatch(1);
        long lastOfFirstRun;
        try (TestServer s = new TestServer(store, Set.of("noop"))) {
            s.server.sinks(webhook());
            long start = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                startExecution(s);
            }
            // 30 executions created while the sink's first request hangs: the API did not wait for it
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            await().atMost(PATIENCE).until(() -> s.coordinator.lastEventSequence() >= 30 * 2);
            assertThat(store.sinkCursors().position("hook")).isZero();
            gate.countDown();
            await().atMost(PATIENCE).until(() -> store.sinkCursors().position("hook")
                    == s.coordinator.lastEventSequence());
            lastOfFirstRun = s.coordinator.lastEventSequence();
        }
        try (TestServer s = new TestServer(store, Set.of("noop"))) {
            s.server.sinks(webhook());
            for (int i = 0; i < 10; i++) {
                startExecution(s);
            }
            await().atMost(PATIENCE).until(() -> s.coordinator.lastEventSequence() > lastOfFirstRun
                    && store.sinkCursors().position("hook") == s.coordinator.lastEventSequence());
            List<Long> sequences = received.stream().map(e -> e.path("sequence").asLong()).toList();
            assertThat(sequences.stream().distinct().toList()).as("every event of both runs, none skipped")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, s.coordinator.lastEventSequence()).boxed()
                            .toList());
        }
        Map<String, Long> lastByExecution = new HashMap<>();
        for (JsonNode e : received) {
            String execution = e.path("executionid").asString("");
            long seq = e.path("sequence").asLong();
            Long before = lastByExecution.put(execution, seq);
            assertThat(before == null || before < seq).as("execution %s: %s after %s", execution, seq, before)
                    .isTrue();
        }
    }
}
