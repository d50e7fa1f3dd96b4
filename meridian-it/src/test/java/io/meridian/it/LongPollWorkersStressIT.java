package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crowd of fake workers long-polling a real coordinator process for work they can never take, beside one real
 * worker. Parked long polls hold no slot that heartbeats need, so the real worker is never marked unhealthy and
 * its jobs complete. Prints the parked polls, health latency under load, the real worker's health and job time.
 */
class LongPollWorkersStressIT {
    @TempDir
    Path dir;

    @Test
    void aRealWorkerStaysHealthyAmongThousandsOfLongPolls() throws Exception {
        int fakes = StressScale.pick(100, 1000);
        Duration window = Duration.ofSeconds(StressScale.pick(12, 60));
        long fakeWaitMillis = StressScale.pick(5_000, 30_000);
        try (ProcessHarness cluster = new ProcessHarness(dir)) {
            var server = cluster.server("c");
            EdgeProbe probe = new EdgeProbe(server.url(), server.token());
            probe.awaitLeader();
            cluster.worker(server, "real", "--capabilities", "real", "--concurrency", "4");
            await().atMost(Duration.ofMinutes(1)).until(() -> healthy(status(probe)));

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentMap<Integer, AtomicInteger> fakeAnswers = new ConcurrentHashMap<>();
            List<Thread> crowd = new ArrayList<>();
            for (int i = 0; i < fakes; i++) {
                String id = "fake-" + i;
                assertThat(probe.call("POST", "/v1/workers", EdgeProbe.registration(id, "fake")).status())
                        .isEqualTo(201);
                crowd.add(Thread.ofVirtual().start(() -> longPollUntil(stop, probe, id, fakeWaitMillis, fakeAnswers)));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> probe.inFlight("long_poll") >= fakes);
            int parked = probe.inFlight("long_poll");

            EdgeProbe.Latencies health = new EdgeProbe.Latencies();
            List<String> realStatuses = new ArrayList<>();
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = Thread.ofVirtual().start(() -> watch(watching, probe, health, realStatuses));
            // A job every 200 ms for the whole window, each for the real worker only (the fakes lack its
            // capability), so its heartbeats, results and polls compete with the crowd throughout.
            int jobs = 0;
            long end = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < end) {
                assertThat(probe.call("POST", "/v1/queue/jobs", "{\"type\": \"delay\", \"payload\": {\"millis\": 300},"
                        + " \"requires\": {\"capabilities\": [\"real\"]}}").status()).isEqualTo(201);
                jobs++;
                Thread.sleep(200);
            }
            long lastSubmitted = System.nanoTime();
            int submitted = jobs;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> succeeded(probe) >= submitted);
            double drainSeconds = (System.nanoTime() - lastSubmitted) / 1e9;
            watching.set(false);
            watcher.join();
            stop.set(true);
            crowd.forEach(Thread::interrupt);

            String serverLog = Files.readString(server.process().stderr);
            System.out.printf("STRESS long-poll %d fake workers long-polling (wait_millis %d), %d polls parked at "
                    + "once%n", fakes, fakeWaitMillis, parked);
            System.out.printf("STRESS long-poll %d jobs of the real worker over %d s all completed, the last %.1f s "
                    + "after its submission%n", jobs, window.toSeconds(), drainSeconds);
            System.out.println("STRESS long-poll /health/ready latency under load: " + health.summary());
            System.out.println("STRESS long-poll real worker statuses seen: " + summarize(realStatuses)
                    + "; fake polls answered by status: " + fakeAnswers);
            assertThat(serverLog).as("the real worker was never marked unhealthy").doesNotContain("Worker real missed");
            assertThat(realStatuses).isNotEmpty().allMatch(LongPollWorkersStressIT::healthy);
            assertThat(fakeAnswers.keySet()).as("no fake poll was refused or failed").allMatch(s -> s == 200);
        }
    }

    private static boolean healthy(String status) {
        return status.equals("idle") || status.equals("active") || status.equals("busy");
    }

    /** A fake worker: long-polls for work it can never take, again and again. */
    private static void longPollUntil(AtomicBoolean stop, EdgeProbe probe, String id, long waitMillis,
                                      ConcurrentMap<Integer, AtomicInteger> answers) {
        while (!stop.get()) {
            try {
                EdgeProbe.Timed r = probe.call("POST", "/v1/workers/" + id + "/exchange",
                        EdgeProbe.exchange(id, 1, waitMillis));
                answers.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                if (r.status() == 200 && Json.parse(r.body()).path("reregister").asBoolean()) {
                    // found silent and forgotten meanwhile (fakes send no heartbeats): register again, as a
                    // real worker does
                    probe.call("POST", "/v1/workers", EdgeProbe.registration(id, "fake"));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                answers.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                if (answers.get(-1).get() == 1) {
                    System.out.println("STRESS long-poll first failed fake poll: " + e);
                }
            }
        }
    }

    /** Samples /health/ready latency and the real worker's status while the jobs run. */
    private static void watch(AtomicBoolean watching, EdgeProbe probe, EdgeProbe.Latencies health, List<String> seen) {
        while (watching.get()) {
            try {
                EdgeProbe.Timed ready = probe.call("GET", "/health/ready", null);
                if (ready.status() == 200) {
                    health.add(ready.nanos());
                }
                seen.add(status(probe));
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                seen.add("error: " + e);
            }
        }
    }

    private static String status(EdgeProbe probe) throws Exception {
        EdgeProbe.Timed r = probe.call("GET", "/v1/workers/real", null);
        return r.status() == 200 ? Json.parse(r.body()).path("status").asString() : "http " + r.status();
    }

    private static int succeeded(EdgeProbe probe) throws Exception {
        return Json.parse(probe.call("GET", "/v1/queue/jobs?status=succeeded&limit=100000", null).body())
                .path("jobs").size();
    }

    private static String summarize(List<String> statuses) {
        return statuses.stream().collect(java.util.stream.Collectors.groupingBy(s -> s,
                java.util.TreeMap::new, java.util.stream.Collectors.counting())).toString();
    }
}
