package io.meridian.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.testing.SettableClock;
import io.meridian.protocol.lease.WorkerRegistration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Silence is counted from a worker's last answer: a slow commit never makes a live worker look silent. */
class WorkerSilenceTest {
    final SettableClock clock = new SettableClock();
    final WorkerRegistry registry = new WorkerRegistry(clock, Duration.ofMillis(2_500));
    final WorkerRegistry.Worker worker = registry.register(
            new WorkerRegistration("w1", "inc-1", "host", 1, List.of(), 2, 1024, 0, 4, "local", 0, Map.of(), "t"),
            null).worker();

    @Test
    void aWorkerWhoseExchangeWasAnsweredLateIsGivenTheTimeoutFromTheAnswer() {
        registry.touch("w1", "inc-1", worker.secret());
        clock.advance(Duration.ofMillis(2_000)); // the exchange's commit took 2 s
        worker.answered(clock.now());
        clock.advance(Duration.ofMillis(2_400));
        assertThat(registry.sweep(w -> { })).as("4.4 s since it arrived, 2.4 s since its answer").isEmpty();
        assertThat(worker.status()).isEqualTo(WorkerStatus.IDLE);
        clock.advance(Duration.ofMillis(200));
        assertThat(registry.sweep(w -> { })).extracting(WorkerRegistry.Worker::id).containsExactly("w1");
        assertThat(worker.status()).isEqualTo(WorkerStatus.UNHEALTHY);
    }

    @Test
    void aLateAnswerDoesNotReviveAWorkerFoundSilentNorMoveItsLastSightingBack() {
        clock.advance(Duration.ofMillis(2_600));
        assertThat(registry.sweep(w -> { })).hasSize(1);
        worker.answered(clock.now());
        assertThat(worker.status()).isEqualTo(WorkerStatus.UNHEALTHY);

        var before = worker.lastSeen();
        worker.answered(before.minusMillis(500));
        assertThat(worker.lastSeen()).isEqualTo(before);
    }
}
