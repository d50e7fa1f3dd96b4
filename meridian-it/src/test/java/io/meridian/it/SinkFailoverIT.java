package io.meridian.it;

import static io.meridian.it.PostgresCoordinators.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meridian.model.json.Json;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A webhook sink across a kill -9 of the leader: three coordinators on one PostgreSQL deliver to a receiver in this
 * test that holds its answers (a slow sink) until the leader is killed mid-run. The new leader resumes the sink from
 * its durable cursor: the receiver ends with every event of the log, each execution's in order, with duplicates
 * only where the old leader's deliveries were not yet acknowledged.
 */
class SinkFailoverIT {
    static final String SECRET = "it-webhook-secret-0123456789";
    Path dir;
    PostgresCoordinators cluster;
    HttpServer receiver;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final CountDownLatch gate = new CountDownLatch(1);

    @org.junit.jupiter.api.io.TempDir
    Path temp;

    @BeforeEach
    void start() throws Exception {
        dir = temp;
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = io.meridian.events.WebhookSignature.verify(SECRET, exchange.getRequestHeaders()
                    .getFirst("Meridian-Signature"), body, java.time.Instant.now(), Duration.ofMinutes(5));
            if (valid) {
                received.add(Json.parse(body)); // it arrived; the answer may never reach a killed leader
            }
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
            exchange.close();
        });
        receiver.start();
        // the coordinators start in the test, once the receiver is up
    }

    @AfterEach
    void stop() throws Exception {
        gate.countDown();
        if (cluster != null) {
            cluster.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void afterTheLeaderIsKilledTheSinkHasEveryEventInOrderPerExecution() throws Exception {
        cluster = PostgresCoordinators.start(dir, 3, """
                events:
                  sinks:
                    - {name: hook, type: webhook, url: "http://127.0.0.1:%d/hook", secret: "%s", max_backoff_seconds: 1,
                       timeout_seconds: 600}
                """.formatted(receiver.getAddress().getPort(), SECRET));
        cluster.worker("w1", "--concurrency", "16");
        String id = cluster.submitFanOut(dir, EventFailoverIT.ITEMS, 20);
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(dir.resolve("ledger.txt")) >= 80);
        assertThat(received).as("the sink is held on its first event").hasSize(1);
        cluster.servers.getFirst().process().kill9();
        gate.countDown();
        ProcessHarness.Server leader = cluster.awaitLeaderAfterTheFirst();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !events(leader, "&type=execution.succeeded&execution=" + id).isEmpty());
        long last = events(leader, "").size();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                received.stream().map(e -> e.path("sequence").asLong()).collect(Collectors.toSet()).size() >= last);

        Set<Long> seen = new HashSet<>();
        Map<String, Long> lastByExecution = new HashMap<>();
        int duplicates = 0;
        for (JsonNode e : received) {
            long seq = e.path("sequence").asLong();
            if (!seen.add(seq)) {
                duplicates++;
                continue;
            }
            String execution = e.path("executionid").asString("");
            Long before = lastByExecution.put(execution, seq);
            assertThat(before == null || before < seq).as("execution %s: %s after %s", execution, seq, before)
                    .isTrue();
        }
        assertThat(seen).containsAll(LongStream.rangeClosed(1, last).boxed().toList());
        System.out.printf("sink across a leader kill -9: %d events delivered, %d duplicates%n", seen.size(),
                duplicates);
    }
}
