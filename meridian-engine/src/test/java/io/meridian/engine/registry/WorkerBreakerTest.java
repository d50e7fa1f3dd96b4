package io.meridian.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerBreakerTest {
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    final WorkerBreaker breaker = new WorkerBreaker(3, Duration.ofMinutes(1), Duration.ofSeconds(30));

    @Test
    void opensAfterRepeatedLossesThenLetsOneTrialJobThroughAfterTheCoolDown() {
        breaker.lostJob(t0);
        breaker.lostJob(t0.plusSeconds(1));
        assertThat(breaker.allowance(t0.plusSeconds(2), 8)).isEqualTo(8);
        breaker.lostJob(t0.plusSeconds(2));
        assertThat(breaker.state()).isEqualTo(WorkerBreaker.State.OPEN);
        assertThat(breaker.allowance(t0.plusSeconds(20), 8)).isZero();
        assertThat(breaker.allowance(t0.plusSeconds(33), 8)).isEqualTo(1);
        breaker.granted(1);
        assertThat(breaker.allowance(t0.plusSeconds(34), 8)).as("one trial at a time").isZero();
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(WorkerBreaker.State.CLOSED);
        assertThat(breaker.allowance(t0.plusSeconds(35), 8)).isEqualTo(8);
    }

    @Test
    void aFailedTrialReopensAndOldLossesAgeOut() {
        breaker.lostJob(t0);
        breaker.lostJob(t0.plusSeconds(1));
        breaker.lostJob(t0.plusSeconds(90));
        assertThat(breaker.state()).as("the first two are older than the window").isEqualTo(WorkerBreaker.State.CLOSED);
        breaker.lostJob(t0.plusSeconds(91));
        breaker.lostJob(t0.plusSeconds(92));
        assertThat(breaker.allowance(t0.plusSeconds(130), 4)).isEqualTo(1);
        breaker.granted(1);
        breaker.lostJob(t0.plusSeconds(131));
        assertThat(breaker.state()).isEqualTo(WorkerBreaker.State.OPEN);
        assertThat(breaker.allowance(t0.plusSeconds(140), 4)).isZero();
    }
}
