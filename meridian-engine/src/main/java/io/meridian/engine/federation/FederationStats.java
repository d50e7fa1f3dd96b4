package io.meridian.engine.federation;

import io.meridian.model.json.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.node.ObjectNode;

/** Counters of federated stage runs since this coordinator started: overall and per region. */
public final class FederationStats {
    private static final class Counter {
        final LongAdder runs = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder latencyMs = new LongAdder();

        void add(boolean ok, long millis) {
            runs.increment();
            if (ok) {
                successes.increment();
            }
            latencyMs.add(millis);
        }

        ObjectNode json() {
            long n = runs.sum();
            long ok = successes.sum();
            return Json.object().put("total_executions", n).put("successes", ok).put("failures", n - ok)
                    .put("success_rate", n == 0 ? 0.0 : Math.round(1000.0 * ok / n) / 10.0)
                    .put("avg_latency_ms", n == 0 ? 0.0 : Math.round(10.0 * latencyMs.sum() / n) / 10.0);
        }
    }

    private final Counter stages = new Counter();
    private final Map<String, Counter> regions = new ConcurrentHashMap<>();

    /** One attempt in one region finished. */
    public void regionRun(String region, boolean ok, long millis) {
        regions.computeIfAbsent(region, r -> new Counter()).add(ok, millis);
    }

    /** One federated stage finished (successfully when it produced an output). */
    public void stageRun(boolean ok, long millis) {
        stages.add(ok, millis);
    }

    /** {total_executions, successes, failures, success_rate (percent), avg_latency_ms, by_region: {...}}. */
    public ObjectNode toJson() {
        ObjectNode out = stages.json();
        ObjectNode byRegion = out.putObject("by_region");
        new TreeMap<>(regions).forEach((name, c) -> byRegion.set(name, c.json()));
        return out;
    }
}
