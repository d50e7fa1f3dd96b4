package io.meridian.events;

import io.meridian.model.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Settings and checks shared by the broker tests. */
final class SinkFixtures {

    private SinkFixtures() {}

    static final DeliveryPolicy FAST = new DeliveryPolicy(DeliveryPolicy.DEFAULT.batchSize(), 3, Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofSeconds(10));

    static SinkSettings settings(String name, SinkType type, String url, String destination) {
        return new SinkSettings(name, type, url, destination, "", null, SinkFilter.ALL, FAST);
    }

    /** Execution x1's events are traced (this traceparent), the others not: what a sink must carry, or leave out. */
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    static final MessageTrace X1_TRACED = e -> "x1".equals(e.executionId()) ? TRACEPARENT : null;

    /**
     * The distinct sequences received, in order of first arrival, checked to be in order within each execution. A
     * sequence received again is a redelivery (at least once: a batch whose acknowledgement was lost is sent again)
     * and is allowed; a sequence seen for the first time after a later one of its execution is a broken order.
     */
    static List<Long> sequencesInOrderPerExecution(List<byte[]> bodies) {
        Map<String, Long> lastByExecution = new HashMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        List<Long> all = new ArrayList<>();
        for (byte[] body : bodies) {
            JsonNode event = Json.parse(body);
            long seq = event.get("sequence").asLong();
            if (!seen.add(seq)) {
                continue;
            }
            String execution = event.get("executionid").asString();
            Long before = lastByExecution.put(execution, seq);
            if (before != null && before >= seq) {
                throw new AssertionError("execution " + execution + ": event " + seq + " arrived after " + before);
            }
            all.add(seq);
        }
        return all;
    }

    /**
     * The sink benchmark: waits until {@code warmup} events were delivered (connection made, code compiled), then
     * times the rest up to {@code total} and prints the rate.
     */
    static void measureSteadyRate(SinkDeliveries d, String sink, int warmup, int total) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> d.cursor(sink) >= warmup);
        long from = d.cursor(sink);
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                .until(() -> d.cursor(sink) == total);
        long nanos = System.nanoTime() - start;
        int events = (int) (total - from);
        printRate(sink, events, nanos);
        // the rate moves with the machine's load; the CPU per event much less (it includes an in-test broker's)
        System.out.printf("sink benchmark: %s used %.1f µs CPU per event in this JVM%n", sink,
                (processCpuNanos() - cpu) / 1e3 / events);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Prints a delivery rate in the test output (the sink benchmark). */
    static void printRate(String sink, int events, long nanos) {
        System.out.printf("sink benchmark: %s delivered %d events in %.2f s = %.0f events/s%n", sink, events,
                nanos / 1e9, events / (nanos / 1e9));
    }
}
