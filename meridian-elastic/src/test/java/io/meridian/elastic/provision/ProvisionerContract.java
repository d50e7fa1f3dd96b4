package io.meridian.elastic.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Provisioner} must do; each implementation's test extends this. */
public abstract class ProvisionerContract {
    protected Provisioner provisioner;

    /** A fresh provisioner of the implementation under test. */
    protected abstract Provisioner create() throws Exception;

    /** How long a started worker may take to show up or go away with this implementation. */
    protected Duration patience() {
        return Duration.ofSeconds(20);
    }

    protected PoolSpec pool(String name) {
        return new PoolSpec(name, provisioner.provider(), null, null, List.of("burst"), Map.of("team", "t"), null, 0,
                4, 0, false, 60, 2, null, null);
    }

    @BeforeEach
    void open() throws Exception {
        provisioner = create();
    }

    @AfterEach
    void closeIt() {
        provisioner.close();
    }

    @Test
    void startsWorkersOfAPoolAndListsThemUnderIt() throws Exception {
        List<ProvisionedWorker> started = provisioner.start(pool("a"), 2);
        assertThat(started).hasSize(2).allSatisfy(w -> assertThat(w.pool()).isEqualTo("a"));
        assertThat(started.stream().map(ProvisionedWorker::workerId).distinct()).hasSize(2);
        assertThat(provisioner.running("a")).extracting(ProvisionedWorker::workerId)
                .containsExactlyInAnyOrderElementsOf(started.stream().map(ProvisionedWorker::workerId).toList());
        assertThat(provisioner.running("b")).isEmpty();
        assertThat(provisioner.provider()).isIn((Object[]) Provider.values());
    }

    @Test
    void startingNoneStartsNothing() throws Exception {
        assertThat(provisioner.start(pool("a"), 0)).isEmpty();
        assertThat(provisioner.running("a")).isEmpty();
    }

    @Test
    void aStoppedWorkerLeavesTheList() throws Exception {
        List<ProvisionedWorker> started = provisioner.start(pool("a"), 2);
        String gone = started.getFirst().workerId();
        provisioner.stop(gone);
        await().atMost(patience()).until(() -> provisioner.running("a").stream()
                .noneMatch(w -> w.workerId().equals(gone)));
        assertThat(provisioner.running("a")).extracting(ProvisionedWorker::workerId)
                .containsExactly(started.get(1).workerId());
    }

    @Test
    void stoppingAnUnknownWorkerIsIgnored() throws Exception {
        provisioner.start(pool("a"), 1);
        provisioner.stop("nobody-knows-me");
        assertThat(provisioner.running("a")).hasSize(1);
    }

    /** Whether workers belong to the provider, not to the process (see {@link Provisioner#close()}). */
    protected boolean workersOutliveTheProvisioner() {
        return false;
    }

    @Test
    void closingStopsEverythingItStartedOrLeavesItToTheNext() throws Exception {
        provisioner.start(pool("a"), 1);
        List<ProvisionedWorker> b = provisioner.start(pool("b"), 2);
        provisioner.close();
        if (!workersOutliveTheProvisioner()) {
            assertThat(provisioner.running("a")).isEmpty();
            assertThat(provisioner.running("b")).isEmpty();
            return;
        }
        provisioner = create(); // the next leader's
        assertThat(provisioner.running("a")).hasSize(1);
        assertThat(provisioner.running("b")).extracting(ProvisionedWorker::workerId)
                .containsExactlyInAnyOrderElementsOf(b.stream().map(ProvisionedWorker::workerId).toList());
        provisioner.stop(b.getFirst().workerId());
        await().atMost(patience()).until(() -> provisioner.running("b").size() == 1);
    }
}
