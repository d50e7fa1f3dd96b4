package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.registry.WorkerSecretMismatch;
import io.meridian.engine.registry.WorkerStatus;
import io.meridian.engine.testing.SettableClock;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.WorkerIdInUse;
import io.meridian.store.memory.InMemoryStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workers sharing one worker token cannot act as each other: every registration has its own session secret, and
 * registering, exchanging and deregistering as a live worker need it.
 */
class WorkerIsolationTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void eachRegistrationGetsItsOwnSecret() {
        TestWorker a = new TestWorker(coordinator.leases(), "a");
        TestWorker b = new TestWorker(coordinator.leases(), "b");
        assertThat(a.session.sessionSecret()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(b.session.sessionSecret());
    }

    @Test
    void registeringUnderALiveWorkersIdIsRefusedAndTheWorkerKeepsItsJobs() {
        coordinator.submit(JobQueueTest.job("t", 5), null);
        TestWorker victim = new TestWorker(coordinator.leases(), "victim");
        LeaseRef lease = victim.take(1).get(0).lease();

        assertThatThrownBy(() -> new TestWorker(coordinator.leases(), "victim"))
                .isInstanceOf(WorkerIdInUse.class).hasMessageContaining("victim");
        assertThatThrownBy(() -> coordinator.leases().register(victim.registration, "guessed"))
                .as("not with a wrong secret either, even with the victim's incarnation")
                .isInstanceOf(WorkerIdInUse.class);

        assertThat(victim.succeed(lease, null).refused()).as("the victim's result still counts").isEmpty();
    }

    @Test
    void anExchangeWithoutTheSecretChangesNothingAndTakesNothing() {
        coordinator.submit(JobQueueTest.job("t", 5), null);
        TestWorker victim = new TestWorker(coordinator.leases(), "victim");
        LeaseRef lease = victim.take(1).get(0).lease();
        coordinator.submit(JobQueueTest.job("t", 5), null);

        var forged = coordinator.leases().exchange(new ExchangeRequest("victim", victim.session.incarnation(),
                List.of(new JobReport.Failed(lease, new io.meridian.protocol.lease.FailureInfo("x", "forged", true))),
                List.of(), 5, 0, 0, "not-the-secret"));

        assertThat(forged.grants()).as("no jobs for the forger").isEmpty();
        assertThat(forged.refused()).containsExactly(lease);
        assertThat(victim.succeed(lease, null).refused()).as("the victim's lease is intact").isEmpty();
    }

    @Test
    void deregisteringAnotherWorkerNeedsItsSecretButAnAdminMayRemoveAny() {
        TestWorker victim = new TestWorker(coordinator.leases(), "victim");

        assertThatThrownBy(() -> coordinator.leases().deregister("victim", "guessed"))
                .isInstanceOf(WorkerSecretMismatch.class);
        assertThatThrownBy(() -> coordinator.leases().deregister("victim", null))
                .isInstanceOf(WorkerSecretMismatch.class);
        assertThat(status("victim")).isEqualTo(WorkerStatus.IDLE);

        assertThat(coordinator.removeWorker("victim")).isTrue();
        assertThat(status("victim")).isEqualTo(WorkerStatus.OFFLINE);
        assertThat(victim.take(1)).as("the removed worker re-registers when told to").isEmpty();
        assertThat(status("victim")).isEqualTo(WorkerStatus.IDLE);
    }

    @Test
    void theWorkerItselfDeregistersWithItsSecret() {
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        coordinator.leases().deregister("w", w.session.sessionSecret());
        assertThat(status("w")).isEqualTo(WorkerStatus.OFFLINE);
    }

    @Test
    void aNewRegistrationAfterTheCoordinatorForgotTheWorkerGetsANewSecretThatWorks() {
        coordinator.submit(JobQueueTest.job("t", 5), null);
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        String first = w.session.sessionSecret();
        clock.advance(EngineSettings.DEFAULT.heartbeatTimeout().multipliedBy(3));
        coordinator.tick();
        assertThat(status("w")).isEqualTo(WorkerStatus.OFFLINE);

        assertThat(w.take(1)).as("told to register again, then served").hasSize(1);
        assertThat(w.session.sessionSecret()).isNotEqualTo(first);
    }

    private WorkerStatus status(String id) {
        return coordinator.workers().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow().status();
    }
}
