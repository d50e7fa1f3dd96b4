package io.meridian.elastic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.InMemoryProvisioner;
import io.meridian.elastic.provision.ProvisionedWorker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
    final SettableInstant clock = new SettableInstant();
    final InMemoryProvisioner local = new InMemoryProvisioner(Provider.LOCAL, clock);
    final InMemoryProvisioner aws = new InMemoryProvisioner(Provider.AWS, clock);
    final DecisionLog log = new DecisionLog(100);
    final ScalingSettings settings = new ScalingSettings(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(30), 0.5, 0.3, Duration.ofSeconds(1), 1.0, 100);

    static PoolSpec pool(String name, Provider provider, int min, int max, double cost, boolean spot, Double budget,
                         String... caps) {
        return new PoolSpec(name, provider, null, null, List.of(caps), Map.of(), null, min, max, cost, spot, 30, 4,
                Duration.ofSeconds(60), budget);
    }

    Autoscaler scaler(PoolSpec... pools) {
        return new Autoscaler(List.of(pools), Map.of(Provider.LOCAL, local, Provider.AWS, aws), settings, clock, log);
    }

    static Demand waiting(long jobs, Map<String, Integer> active, String... caps) {
        return new Demand(jobs == 0 ? List.of() : List.of(new WaitingGroup(Set.of(caps), jobs, Duration.ofSeconds(1))),
                jobs, active);
    }

    /** Every worker the provisioner runs is registered, running {@code each} jobs. */
    static Map<String, Integer> registered(InMemoryProvisioner p, String pool, int each) {
        Map<String, Integer> out = new HashMap<>();
        p.running(pool).forEach(w -> out.put(w.workerId(), each));
        return out;
    }

    @Test
    void wakesFromZeroOnJobsItCanRunAndIgnoresOthers() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst"));
        a.tick(waiting(10, Map.of(), "gpu"));
        assertThat(local.running("burst")).isEmpty();
        a.tick(waiting(10, Map.of(), "burst"));
        assertThat(local.running("burst")).hasSize(3); // 10 jobs, 4 slots each
        Decision d = log.recent("burst", 1).getFirst();
        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.changed()).isEqualTo(3);
        assertThat(d.reason()).contains("10 waiting and 0 running jobs need 3 workers");
        assertThat(d.inputs()).containsEntry("waiting", 10L);
    }

    @Test
    void neverGrowsPastMaxOrTheBudget() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst"));
        a.tick(waiting(2000, Map.of(), "burst"));
        assertThat(local.running("burst")).hasSize(6);
        assertThat(log.recent("burst", 1).getFirst().reason()).contains("capped at max 6");

        InMemoryProvisioner fresh = new InMemoryProvisioner(Provider.AWS, clock);
        Autoscaler b = new Autoscaler(List.of(pool("gpu", Provider.AWS, 0, 10, 2.0, false, 5.0, "gpu")),
                Map.of(Provider.AWS, fresh), settings, clock, log);
        b.tick(waiting(100, Map.of(), "gpu"));
        assertThat(fresh.running("gpu")).hasSize(2);
        assertThat(log.recent("gpu", 1).getFirst().reason()).contains("capped by the budget at 2");
    }

    @Test
    void shrinksOnlyAfterTheCooldownAndOnlyIdleWorkersThroughDrain() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst"));
        a.tick(waiting(24, Map.of(), "burst"));
        assertThat(local.running("burst")).hasSize(6);
        List<String> ids = local.running("burst").stream().map(ProvisionedWorker::workerId).toList();
        Map<String, Integer> active = registered(local, "burst", 0);
        active.put(ids.get(0), 2); // busy: never drained
        for (int s = 0; s < 59; s++) {
            clock.advance(Duration.ofSeconds(1));
            a.tick(waiting(0, active, "burst"));
        }
        assertThat(local.running("burst")).hasSize(6);
        assertThat(log.recent("burst", 1).getFirst().action()).isEqualTo(Decision.Action.HOLD);
        clock.advance(Duration.ofSeconds(2));
        a.tick(waiting(0, active, "burst"));
        assertThat(local.stopped()).hasSize(5).doesNotContain(ids.get(0));
        assertThat(local.running("burst")).extracting(ProvisionedWorker::workerId).containsExactly(ids.get(0));
        Decision down = log.recent("burst", 1).getFirst();
        assertThat(down.action()).isEqualTo(Decision.Action.SCALE_DOWN);
        assertThat(down.changed()).isEqualTo(-5);
    }

    /** The coordinator's side of a drain: the jobs each worker holds, and who was asked to drain. */
    static final class HeldJobs implements WorkerDrain {
        final Map<String, Integer> held = new HashMap<>();
        final Set<String> drained = new java.util.HashSet<>();

        @Override
        public int drain(String workerId) {
            drained.add(workerId);
            return held.getOrDefault(workerId, -1);
        }

        @Override
        public void undrain(String workerId) {
            drained.remove(workerId);
        }
    }

    @Test
    void withNoIdleWorkerTheLeastBusyDrainAndAreStoppedOnlyOnceTheyHoldNoJob() {
        HeldJobs coordinator = new HeldJobs();
        Autoscaler a = new Autoscaler(List.of(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst")),
                Map.of(Provider.LOCAL, local), settings, clock, log, coordinator);
        a.tick(waiting(16, Map.of(), "burst"));
        List<String> ids = local.running("burst").stream().map(ProvisionedWorker::workerId).toList();
        Map<String, Integer> active = new HashMap<>(Map.of(ids.get(0), 1, ids.get(1), 3, ids.get(2), 2, ids.get(3), 3));
        coordinator.held.putAll(active);
        for (int s = 0; s < 62; s++) {
            clock.advance(Duration.ofSeconds(1));
            a.tick(waiting(0, active, "burst"));
        }
        // 9 running jobs need 3 workers of 4 slots: the one running 1 job drains, and is not stopped while it runs it
        assertThat(coordinator.drained).containsExactly(ids.get(0));
        assertThat(local.stopped()).isEmpty();
        assertThat(log.recent("burst", 10)).filteredOn(d -> d.action() == Decision.Action.SCALE_DOWN)
                .singleElement().satisfies(d -> assertThat(d.reason())
                        .contains("0 idle, stopped now; 1 finishing their 1 jobs first, stopped once idle"));
        assertThat(a.status().getFirst().stopping()).isEqualTo(1);
        assertThat(a.status().getFirst().current()).isEqualTo(3);
        for (int s = 0; s < 30; s++) { // a job may run for long: the worker waits for it, however long
            clock.advance(Duration.ofSeconds(10));
            a.tick(waiting(0, active, "burst"));
        }
        assertThat(local.stopped()).isEmpty();
        coordinator.held.put(ids.get(0), 0);
        active.put(ids.get(0), 0);
        clock.advance(Duration.ofSeconds(1));
        a.tick(waiting(0, active, "burst"));
        assertThat(local.stopped()).containsExactly(ids.get(0));
    }

    @Test
    void drainingWorkersAreTakenBackBeforeNewOnesStartWhenDemandReturns() {
        HeldJobs coordinator = new HeldJobs();
        Autoscaler a = new Autoscaler(List.of(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst")),
                Map.of(Provider.LOCAL, local), settings, clock, log, coordinator);
        a.tick(waiting(12, Map.of(), "burst"));
        List<String> ids = local.running("burst").stream().map(ProvisionedWorker::workerId).toList();
        assertThat(ids).hasSize(3);
        Map<String, Integer> active = registered(local, "burst", 1);
        coordinator.held.putAll(active);
        for (int s = 0; s < 62; s++) {
            clock.advance(Duration.ofSeconds(1));
            a.tick(waiting(0, active, "burst"));
        }
        // 3 running jobs need 1 worker: two drain, each finishing its job; none is stopped yet
        assertThat(coordinator.drained).hasSize(2);
        assertThat(local.stopped()).isEmpty();
        a.tick(waiting(8, active, "burst")); // 8 waiting and 3 running need 3 workers again
        assertThat(coordinator.drained).isEmpty(); // taken back, no new worker started
        assertThat(local.running("burst")).hasSize(3);
        Decision up = log.recent("burst", 1).getFirst();
        assertThat(up.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(up.reason()).contains("2 draining workers take jobs again");
        assertThat(up.changed()).isEqualTo(2);
    }

    @Test
    void jobsRequiringANodeTypeGrowOnlyAPoolOfThatType() {
        PoolSpec cheapLocal = pool("cheap", Provider.LOCAL, 0, 6, 0.01, false, null, "camera");
        PoolSpec edge = new PoolSpec("edge", Provider.AWS, io.meridian.protocol.lease.NodeType.EDGE, null,
                List.of("camera"), Map.of(), null, 0, 6, 0.5, false, 30, 4, Duration.ofSeconds(60), null);
        Autoscaler a = scaler(cheapLocal, edge);
        a.tick(new Demand(List.of(new WaitingGroup(Set.of("camera"), io.meridian.protocol.lease.NodeType.EDGE, 8,
                Duration.ofSeconds(1))), 8, Map.of()));
        assertThat(local.running("cheap")).as("cheaper, but not edge").isEmpty();
        assertThat(aws.running("edge")).hasSize(2);
        a.tick(waiting(8, Map.of(), "camera"));
        assertThat(local.running("cheap")).as("any node type: the cheapest").hasSize(2);
    }

    @Test
    void aDipShorterThanTheCooldownKeepsTheWorkers() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst"));
        a.tick(waiting(24, Map.of(), "burst"));
        for (int s = 0; s < 30; s++) {
            clock.advance(Duration.ofSeconds(1));
            a.tick(waiting(0, registered(local, "burst", 0), "burst"));
        }
        a.tick(waiting(24, registered(local, "burst", 0), "burst"));
        for (int s = 0; s < 40; s++) {
            clock.advance(Duration.ofSeconds(1));
            a.tick(waiting(0, registered(local, "burst", 0), "burst"));
        }
        assertThat(local.stopped()).isEmpty();
    }

    @Test
    void keepsMinWorkersWhenIdle() {
        Autoscaler a = scaler(pool("base", Provider.LOCAL, 2, 6, 0, false, null));
        a.tick(Demand.NONE);
        assertThat(local.running("base")).hasSize(2);
        for (int s = 0; s < 120; s++) {
            clock.advance(Duration.ofSeconds(1));
            a.tick(waiting(0, registered(local, "base", 0)));
        }
        assertThat(local.running("base")).hasSize(2);
    }

    @Test
    void growsTheCheapestFittingPoolFirstAndSpillsOverWhenItIsFull() {
        Autoscaler a = scaler(pool("dear", Provider.AWS, 0, 10, 1.0, false, null, "burst"),
                pool("cheap", Provider.LOCAL, 0, 2, 0.1, false, null, "burst"));
        a.tick(waiting(4, Map.of(), "burst"));
        assertThat(local.running("cheap")).hasSize(1);
        assertThat(aws.running("dear")).isEmpty();
        a.tick(waiting(20, registered(local, "cheap", 0), "burst"));
        assertThat(local.running("cheap")).hasSize(2);
        assertThat(aws.running("dear")).hasSize(3); // 20 - 8 slots of the cheap pool = 12 jobs: 3 workers
    }

    @Test
    void spotComesFirstAndOnDemandTakesOverWhenTheProviderFails() {
        Autoscaler a = scaler(pool("on-demand", Provider.LOCAL, 0, 4, 0.5, false, null),
                pool("spot", Provider.AWS, 0, 4, 0.5, true, null));
        aws.failNext(1);
        a.tick(waiting(8, Map.of()));
        assertThat(aws.running("spot")).isEmpty();
        assertThat(local.running("on-demand")).hasSize(2);
        assertThat(log.recent("spot", 1).getFirst().action()).isEqualTo(Decision.Action.PROVIDER_ERROR);
        assertThat(a.status().get(1).breakerUntil()).isNotNull();
        clock.advance(Duration.ofSeconds(31));
        a.tick(waiting(16, registered(local, "on-demand", 4)));
        assertThat(aws.running("spot")).hasSize(4); // the breaker closed: spot is first again
    }

    @Test
    void whenAProviderFailsItsShareMovesOnWithoutStartingTheOthersTwice() {
        InMemoryProvisioner gcp = new InMemoryProvisioner(Provider.GCP, clock);
        Autoscaler a = new Autoscaler(List.of(pool("cheap", Provider.LOCAL, 0, 2, 0.1, false, null),
                pool("middle", Provider.AWS, 0, 4, 0.5, false, null), pool("dear", Provider.GCP, 0, 4, 1.0, false,
                        null)), Map.of(Provider.LOCAL, local, Provider.AWS, aws, Provider.GCP, gcp), settings, clock,
                log);
        aws.failNext(1);
        a.tick(waiting(16, Map.of()));
        assertThat(local.running("cheap")).hasSize(2); // 8 jobs, started once
        assertThat(aws.running("middle")).isEmpty();
        assertThat(gcp.running("dear")).hasSize(2); // the 8 the middle pool would have taken
    }

    @Test
    void terminatesAndCountsWorkersThatNeverRegister() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst"));
        a.tick(waiting(4, Map.of(), "burst"));
        String w = local.running("burst").getFirst().workerId();
        clock.advance(Duration.ofSeconds(29));
        a.tick(waiting(4, Map.of(), "burst"));
        assertThat(local.stopped()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        a.tick(waiting(4, Map.of(), "burst"));
        assertThat(local.stopped()).containsExactly(w);
        assertThat(a.status().getFirst().failedStarts()).isEqualTo(1);
        assertThat(log.recent("burst", 5)).extracting(Decision::action).contains(Decision.Action.START_TIMEOUT);
        assertThat(local.running("burst")).hasSize(1).noneMatch(x -> x.workerId().equals(w)); // replaced
    }

    @Test
    void aWorkerThatRegisteredOnceIsNeverTimedOutAsAStart() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst"));
        a.tick(waiting(4, Map.of(), "burst"));
        String w = local.running("burst").getFirst().workerId();
        clock.advance(Duration.ofSeconds(5));
        a.tick(waiting(4, Map.of(w, 0), "burst"));
        clock.advance(Duration.ofSeconds(60)); // now silent (frozen, say): unhealthy workers are not in the demand
        a.tick(waiting(4, Map.of(), "burst"));
        assertThat(local.stopped()).isEmpty();
        assertThat(a.status().getFirst().failedStarts()).isZero();
    }

    @Test
    void aLongWaitAddsAWorkerBeyondTheCount() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 6, 0, false, null, "burst"));
        a.tick(waiting(4, Map.of(), "burst"));
        Map<String, Integer> busy = registered(local, "burst", 3);
        clock.advance(Duration.ofSeconds(1));
        a.tick(new Demand(List.of(new WaitingGroup(Set.of("burst"), 1, Duration.ofSeconds(30))), 4, busy));
        assertThat(local.running("burst")).hasSize(2); // 4 jobs fit one worker, but one has waited too long
        assertThat(log.recent("burst", 1).getFirst().reason()).contains("oldest has waited 30 s");
    }

    @Test
    void aRisingArrivalRateGrowsThePoolBeforeTheQueueShowsIt() {
        Autoscaler a = scaler(pool("burst", Provider.LOCAL, 0, 20, 0, false, null, "burst"));
        a.tick(waiting(4, Map.of(), "burst"));
        long arrivals = 4;
        for (int s = 1; s <= 10; s++) {
            clock.advance(Duration.ofSeconds(1));
            arrivals += 2L * s; // arrivals speed up by 2 jobs/s every second
            a.tick(new Demand(List.of(), arrivals, registered(local, "burst", 4)));
        }
        // 4 running jobs per worker and no queue would hold the size; the forecast grows it
        assertThat(local.running("burst")).hasSizeGreaterThan(1);
        assertThat(log.recent("burst", 1).getFirst().inputs()).containsKey("forecast_growth");
    }

    @Test
    void aTargetUtilisationKeepsSpareSlots() {
        ScalingSettings spare = new ScalingSettings(Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 0.5, 0.3, Duration.ofSeconds(1), 0.5, 100);
        Autoscaler a = new Autoscaler(List.of(pool("burst", Provider.LOCAL, 0, 20, 0, false, null, "burst")),
                Map.of(Provider.LOCAL, local), spare, clock, log);
        a.tick(waiting(8, Map.of(), "burst"));
        assertThat(local.running("burst")).hasSize(4); // 8 jobs fill 4 workers of 4 slots to 50%
        assertThat(log.recent("burst", 1).getFirst().reason()).contains("filled to 50%");
    }

    @Test
    void refusesAPoolWithoutAProvisioner() {
        assertThatThrownBy(() -> new Autoscaler(List.of(pool("k", Provider.KUBERNETES, 0, 1, 0, false, null)),
                Map.of(Provider.LOCAL, local), settings, clock, log))
                .hasMessageContaining("pool 'k': no provisioner for provider 'kubernetes' was given");
    }
}
