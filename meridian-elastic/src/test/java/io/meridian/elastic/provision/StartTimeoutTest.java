package io.meridian.elastic.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.policy.Autoscaler;
import io.meridian.elastic.policy.Decision;
import io.meridian.elastic.policy.DecisionLog;
import io.meridian.elastic.policy.Demand;
import io.meridian.elastic.policy.PoolStatus;
import io.meridian.elastic.policy.ScalingSettings;
import io.meridian.elastic.policy.WaitingGroup;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real worker process that never registers (its coordinator address answers nothing) is terminated once the pool's
 * startup_seconds have passed, counted as a failed start, and replaced while demand still wants it.
 */
class StartTimeoutTest {
    @TempDir
    Path dir;
    LocalProvisioner local;

    @AfterEach
    void close() {
        local.close();
    }

    @Test
    void aWorkerThatDoesNotRegisterInTimeIsTerminatedCountedAndReplaced() throws Exception {
        local = new LocalProvisioner(LocalProvisionerTest.command(), Map.of("WORKER_DIR", dir.toString(),
                "MERIDIAN_COORDINATOR", "http://127.0.0.1:1"), dir.resolve("logs"), Duration.ofSeconds(10),
                InstantSource.system());
        PoolSpec pool = new PoolSpec("late", Provider.LOCAL, null, null, List.of("burst"), Map.of(), null, 0, 1, 0,
                false, 2, 4, Duration.ofSeconds(60), null);
        DecisionLog log = new DecisionLog(50);
        Autoscaler scaler = new Autoscaler(List.of(pool), Map.of(Provider.LOCAL, local), ScalingSettings.DEFAULT,
                InstantSource.system(), log);
        // Nothing ever registers: the registry's view stays empty while jobs wait.
        Demand waiting = new Demand(List.of(new WaitingGroup(Set.of("burst"), 3, Duration.ofSeconds(1))), 3, Map.of());
        scaler.tick(waiting);
        ProvisionedWorker first = local.running("late").getFirst();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve(first.workerId() + ".args")));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            scaler.tick(waiting);
            return log.recent("late", 50).stream().anyMatch(d -> d.action() == Decision.Action.START_TIMEOUT);
        });
        Decision timedOut = log.recent("late", 50).stream()
                .filter(d -> d.action() == Decision.Action.START_TIMEOUT).findFirst().orElseThrow();
        assertThat(timedOut.reason()).isEqualTo("worker " + first.workerId() + " did not register within 2 s; "
                + "terminated");
        assertThat(timedOut.inputs()).containsEntry("worker", first.workerId()).containsEntry("failed_starts", 1L);
        PoolStatus status = scaler.status().getFirst();
        assertThat(status.failedStarts()).isGreaterThanOrEqualTo(1);
        // Terminated through the provisioner: the process drained (SIGTERM) and is gone; a replacement runs.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            scaler.tick(waiting);
            return Files.exists(dir.resolve(first.workerId() + ".drained")) && local.running("late").stream()
                    .anyMatch(w -> !w.workerId().equals(first.workerId()) && !w.stopping());
        });
    }
}
