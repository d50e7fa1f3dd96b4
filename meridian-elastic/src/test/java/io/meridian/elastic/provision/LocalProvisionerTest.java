package io.meridian.elastic.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.pool.PoolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provisioner runs real processes: the contract, and what only processes do (crash, drain, kill). */
class LocalProvisionerTest extends ProvisionerContract {
    @TempDir
    static Path dir;

    static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-cp",
                System.getProperty("java.class.path"), SleepingWorker.class.getName());
    }

    @Override
    protected Provisioner create() {
        return new LocalProvisioner(command(), Map.of("WORKER_DIR", dir.toString(), "MERIDIAN_COORDINATOR",
                "http://127.0.0.1:1"), dir.resolve("logs"), Duration.ofSeconds(10), InstantSource.system());
    }

    @Test
    void workersAreToldTheirPoolAndTheCoordinatorAndDrainOnStop() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        Path args = dir.resolve(w.workerId() + ".args");
        await().atMost(patience()).until(() -> Files.exists(args) && Files.readString(args).contains("\n"));
        String text = Files.readString(args);
        assertThat(text).contains("--id " + w.workerId(), "--capabilities burst", "--concurrency 2",
                "--label " + PoolSpec.POOL_LABEL + "=a", "--label team=t", "--node-type local",
                "MERIDIAN_COORDINATOR=http://127.0.0.1:1");
        provisioner.stop(w.workerId());
        await().atMost(patience()).until(() -> provisioner.running("a").isEmpty());
        assertThat(dir.resolve(w.workerId() + ".drained")).exists(); // SIGTERM, not a kill: the worker drained
    }

    @Test
    void aCrashedWorkerIsStartedAgainUnderTheSameId() throws Exception {
        provisioner.close();
        provisioner = new LocalProvisioner(command(), Map.of("WORKER_DIR", dir.toString(), "CRASH_ONCE", "1"),
                dir.resolve("logs"), Duration.ofSeconds(10), InstantSource.system());
        ProvisionedWorker w = provisioner.start(pool("crashy"), 1).getFirst();
        await().atMost(patience()).until(() -> provisioner.running("crashy").stream()
                .anyMatch(x -> x.workerId().equals(w.workerId()) && x.restarts() == 1));
        assertThat(dir.resolve(w.workerId() + ".crashed")).exists();
        assertThat(provisioner.running("crashy")).singleElement()
                .satisfies(x -> assertThat(x.startedAt()).isAfterOrEqualTo(w.startedAt()));
    }

    @Test
    void aWorkerThatIgnoresTheStopIsKilledAfterTheGrace() throws Exception {
        provisioner.close();
        List<String> stubborn = List.of("sh", "-c", "trap '' TERM; sleep 600 & wait");
        provisioner = new LocalProvisioner(stubborn, Map.of(), dir.resolve("logs"), Duration.ofMillis(500),
                InstantSource.system());
        ProvisionedWorker w = provisioner.start(pool("stubborn"), 1).getFirst();
        provisioner.stop(w.workerId());
        await().atMost(patience()).until(() -> provisioner.running("stubborn").isEmpty());
    }

    @Test
    void aCommandThatCannotStartIsAProviderError() {
        provisioner.close();
        provisioner = new LocalProvisioner(List.of(dir.resolve("no-such-binary").toString()), Map.of(),
                dir.resolve("logs"), Duration.ofSeconds(1), InstantSource.system());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provisioner.start(pool("broken"), 2))
                .isInstanceOf(ProvisionException.class).hasMessageContaining("pool 'broken'");
        assertThat(provisioner.running("broken")).isEmpty();
    }
}
