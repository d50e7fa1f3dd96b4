package io.meridian.bench.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A short replay: every fleet sees the same jobs, and an idle-at-night pool costs less than the largest fleet. */
class AutoscaleReplayTest {
    @Test
    void theAutoscalerIsComparedWithEveryStaticFleetOnTheSameTrace() {
        List<FleetSimulation.Result> results = new AutoscaleReplay(3, 3 * 3600, 1, 6, 10, 4, 30, 60,
                List.of(5, 20)).results();
        assertThat(results).extracting(FleetSimulation.Result::fleet)
                .containsExactly("static 5", "static 20", "autoscaler (0-20)");
        FleetSimulation.Result largest = results.get(1);
        FleetSimulation.Result auto = results.get(2);
        assertThat(largest.workerSeconds()).isGreaterThanOrEqualTo(20.0 * 3 * 3600);
        assertThat(auto.workerSeconds()).isLessThan(largest.workerSeconds() / 2);
        assertThat(auto.peakWorkers()).isGreaterThan(0);
        assertThat(results.get(0).p95WaitSeconds()).isGreaterThanOrEqualTo(largest.p95WaitSeconds());
    }

    @Test
    void theTraceFollowsTheDailyCurveWithSpikes() {
        int day = 24 * 3600;
        assertThat(BurstyTrace.rate(3 * 3600, day, 2, 6)).isLessThan(1);       // night
        assertThat(BurstyTrace.rate(15 * 3600, day, 2, 6)).isGreaterThan(3);   // afternoon
        assertThat(BurstyTrace.rate(9 * 3600 + 60, day, 2, 6)).isEqualTo(12);  // the 9 am spike
    }
}
