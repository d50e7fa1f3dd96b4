package io.meridian.engine.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.durability.Fitness;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lease expiry and timeouts run here: their thread dying silently would leave a leader without its timers. */
class PeriodicDutiesTest {
    final Fitness fitness = new Fitness();

    @Test
    void anErrorInADutyMakesTheCoordinatorUnfit() {
        try (var duties = new PeriodicDuties(() -> {
            throw new StackOverflowError();
        }, Duration.ofMillis(10), fitness)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fitness.fault().isPresent());
            assertThat(fitness.fault().orElseThrow().describe())
                    .startsWith("the periodic duties (lease expiry, timeouts, sweeps) failed (StackOverflowError");
        }
    }

    @Test
    void aFailedRunIsRetriedAndIsNotFatal() {
        AtomicInteger runs = new AtomicInteger();
        try (var duties = new PeriodicDuties(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("store briefly unavailable");
        }, Duration.ofMillis(10), fitness)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
            assertThat(fitness.fault()).isEmpty();
        }
    }
}
