package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.testing.TestingTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DelayStageTest {
    final DelayStage delay = new DelayStage();

    @Test
    void waitsTheGivenMillisAndReportsThem() throws Exception {
        long start = System.nanoTime();
        var out = delay.execute(TestingTaskContext.withConfig("{\"millis\": 120, \"seconds\": 30}"));
        assertThat(out.path("slept_ms").asLong()).isGreaterThanOrEqualTo(120);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(120).isLessThan(5_000);
    }

    @Test
    void fractionalSecondsAreHonoured() throws Exception {
        assertThat(delay.execute(TestingTaskContext.withConfig("{\"seconds\": 0.05}")).path("slept_ms").asLong())
                .isBetween(50L, 5_000L);
    }

    @Test
    void stopsWithinTwoHundredMillisOfCancellation() {
        var ctx = TestingTaskContext.withConfig("{\"seconds\": 60}");
        var running = CompletableFuture.supplyAsync(() -> {
            try {
                return delay.execute(ctx);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> ctx.cancelChecks.get() > 0);
        assertThat(running).isNotDone();
        ctx.cancel();
        await().atMost(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(5)).until(running::isDone);
        assertThat(running).isCompletedExceptionally();
        TaskFailure f = catchThrowableOfType(TaskFailure.class, () -> {
            try {
                running.join();
            } catch (CompletionException e) {
                throw e.getCause();
            }
        });
        assertThat(f.type()).isEqualTo("cancelled");
        assertThat(f.nonRetryable()).isFalse();
    }

    @Test
    void aPassedDeadlineStopsItAtOnce() {
        var ctx = TestingTaskContext.withConfig("{\"seconds\": 60}").deadline(Instant.now().minusSeconds(1));
        assertThat(catchThrowableOfType(TaskFailure.class, () -> delay.execute(ctx)).getMessage())
                .contains("cancelled or passed its deadline");
    }

    @Test
    void negativeDurationsAreBadConfig() {
        var f = catchThrowableOfType(TaskFailure.class, () -> delay.execute(TestingTaskContext.withConfig("{\"millis\": -5}")));
        assertThat(f.nonRetryable()).isTrue();
        assertThat(f.getMessage()).contains("must not be negative");
    }
}
