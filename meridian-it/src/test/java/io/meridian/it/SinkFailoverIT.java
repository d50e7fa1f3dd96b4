package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meridian.model.json.Json;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
    static final String TOKEN = "it-admin-token-0123456789";
    static final String SECRET = "it-webhook-secret-0123456789";
    Path dir;
    TestPostgres pg;
    ProcessHarness cluster;
    HttpServer receiver;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final CountDownLatch gate = new CountDownLatch(1);

    @org.junit.jupiter.api.io.TempDir
    Path temp;

    @BeforeEach
    void start() throws Exception {
        dir = temp;
        pg = TestPostgres.requireOrSkip();
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
        String hash = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes()));
        Files.writeString(dir.resolve("meridian.yaml"), """
                store: "%s"
                auth:
                  tokens:
                    - {name: it, scopes: [admin], sha256: "%s"}
                events:
                  sinks:
                    - {name: hook, type: webhook, url: "http://127.0.0.1:%d/hook", secret: "%s", max_backoff_seconds: 1,
                       timeout_seconds: 600}
                """.formatted(pg.location(), hash, receiver.getAddress().getPort(), SECRET));
        cluster = new ProcessHarness(dir);
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
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void afterTheLeaderIsKilledTheSinkHasEveryEventInOrderPerExecution() throws Exception {
        var a = cluster.peer("coord-a", TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> LeaderFailoverIT.role(a).equals("leader"));
        List<ProcessHarness.Server> servers = List.of(a, cluster.peer("coord-b", TOKEN), cluster.peer("coord-c", TOKEN));
        String addresses = servers.stream().map(ProcessHarness.Server::url).collect(Collectors.joining(","));
        cluster.worker(addresses, TOKEN, "w1", "--concurrency", "16");
        EventFailoverIT run = new EventFailoverIT();
        run.dir = dir;
        run.addresses = addresses;
        String id = run.submit();
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.lines(dir.resolve("ledger.txt")) >= 80);
        assertThat(received).as("the sink is held on its first event").hasSize(1);
        servers.get(0).process().kill9();
        gate.countDown();
        List<ProcessHarness.Server> rest = servers.subList(1, 3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> rest.stream().anyMatch(s -> LeaderFailoverIT.role(s).equals("leader")));
        ProcessHarness.Server leader = rest.stream().filter(s -> LeaderFailoverIT.role(s).equals("leader"))
                .findFirst().orElseThrow();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !EventFailoverIT.readAll(leader, "&type=execution.succeeded&execution=" + id).isEmpty());
        long last = EventFailoverIT.readAll(leader, "").size();
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
