package io.meridian.elastic.provision;

import io.meridian.elastic.pool.PoolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The options after {@code meridian worker} that make a worker one of its pool's, whatever machine it runs on. */
public final class WorkerArguments {
    private WorkerArguments() {}

    /**
     * @param drainGrace how long the provisioner lets a stopped worker run: the worker's own drain is a little
     *                   shorter, so it finishes or hands back its jobs before it is killed
     */
    public static List<String> of(String workerId, PoolSpec pool, Duration drainGrace) {
        List<String> c = new ArrayList<>(List.of("--id", workerId, "--concurrency", String.valueOf(pool.workerSlots()),
                "--node-type", pool.nodeType().word(), "--cost-per-hour", String.valueOf(pool.costPerHour()),
                "--label", PoolSpec.POOL_LABEL + "=" + pool.name(), "--drain-seconds",
                String.valueOf(drainSeconds(drainGrace))));
        if (!pool.capabilities().isEmpty()) {
            c.addAll(List.of("--capabilities", String.join(",", pool.capabilities())));
        }
        if (pool.region() != null) {
            c.addAll(List.of("--region", pool.region()));
        }
        pool.labels().forEach((k, v) -> c.addAll(List.of("--label", k + "=" + v)));
        return c;
    }

    static long drainSeconds(Duration drainGrace) {
        return Math.max(1, drainGrace.toSeconds() - Math.min(10, drainGrace.toSeconds() / 4));
    }
}
