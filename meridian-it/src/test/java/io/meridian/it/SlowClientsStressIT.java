package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients against a real coordinator process: more clients trickling request bodies than there are client
 * slots. Further client calls are shed at once (503 + Retry-After), while health checks and worker heartbeats,
 * which have their own slots, keep answering; once the slow clients go away, client calls succeed again.
 * Prints the time to shed, health and heartbeat latency under load, and the time to recover.
 */
class SlowClientsStressIT {
    static final int CLIENT_SLOTS = 32;

    @TempDir
    Path dir;

    @Test
    void slowClientsAreShedWhileHealthAndWorkersKeepAnswering() throws Exception {
        int slowClients = StressScale.pick(40, 100);
        int samples = StressScale.pick(20, 200);
        // A long body-read timeout so the slow clients hold their slots all through the measurement (that the
        // timeout cuts them off is tested in the server module's OverloadTest).
        Files.writeString(dir.resolve("meridian.yaml"), """
                server:
                  max_concurrent_requests: %d
                  body_read_timeout_millis: 300000
                """.formatted(CLIENT_SLOTS));
        try (ProcessHarness cluster = new ProcessHarness(dir)) {
            var server = cluster.server("c");
            int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
            EdgeProbe probe = new EdgeProbe(server.url(), server.token());
            probe.awaitLeader();
            assertThat(probe.call("POST", "/v1/workers", EdgeProbe.registration("probe", "cpu")).status())
                    .isEqualTo(201);

            List<TrickleClient> slow = new ArrayList<>();
            try {
                for (int i = 0; i < slowClients; i++) {
                    slow.add(new TrickleClient(port, "/v1/queue/jobs", server.token(), Duration.ofSeconds(1)));
                }
                await().atMost(Duration.ofMinutes(1)).until(() -> probe.inFlight("client") == CLIENT_SLOTS);
                measureUnderLoad(probe, slowClients, samples);
            } finally {
                for (TrickleClient c : slow) {
                    c.close();
                }
            }
            long gone = System.nanoTime();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> probe.call("GET", "/v1/queue/stats", null).status() == 200);
            System.out.printf("STRESS slow-clients time to recover (first client call answered 200 after the "
                    + "slow clients went away): %.1f ms%n", (System.nanoTime() - gone) / 1e6);
        }
    }

    private static void measureUnderLoad(EdgeProbe probe, int slowClients, int samples) throws Exception {
        EdgeProbe.Latencies shed = new EdgeProbe.Latencies();
        EdgeProbe.Latencies health = new EdgeProbe.Latencies();
        EdgeProbe.Latencies heartbeat = new EdgeProbe.Latencies();
        for (int i = 0; i < samples; i++) {
            EdgeProbe.Timed refused = probe.call("GET", "/v1/queue/stats", null);
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.retryAfter()).isEqualTo("1");
            shed.add(refused.nanos());
            EdgeProbe.Timed ready = probe.call("GET", "/health/ready", null);
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            health.add(ready.nanos());
            EdgeProbe.Timed beat = probe.call("POST", "/v1/workers/probe/heartbeat",
                    EdgeProbe.exchange("probe", 0, 0));
            assertThat(beat.status()).as(beat.body()).isEqualTo(200);
            heartbeat.add(beat.nanos());
        }
        System.out.printf("STRESS slow-clients %d slow clients, %d client slots all held%n", slowClients,
                CLIENT_SLOTS);
        System.out.println("STRESS slow-clients time to shed (503 + Retry-After latency): " + shed.summary());
        System.out.println("STRESS slow-clients /health/ready latency under load: " + health.summary());
        System.out.println("STRESS slow-clients worker heartbeat latency under load: " + heartbeat.summary());
    }
}
