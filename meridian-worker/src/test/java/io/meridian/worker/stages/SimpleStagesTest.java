package io.meridian.worker.stages;

import io.meridian.worker.testing.TestingTaskContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimpleStagesTest {
    @Test
    void noopEchoes() throws Exception {
        var out = new NoopStage().execute(TestingTaskContext.withConfig("{\"echo\": [1, 2]}"));
        assertThat(out.path("ok").asBoolean()).isTrue();
        assertThat(out.path("echo").toString()).isEqualTo("[1,2]");
    }

    @Test
    void failFailsTheFirstAttemptsThenSucceeds() throws Exception {
        var ctx = TestingTaskContext.withConfig("{\"times\": 2, \"message\": \"down\"}");
        for (int attempt = 1; attempt <= 2; attempt++) {
            ctx.attempt(attempt);
            assertThatThrownBy(() -> new FailStage().execute(ctx)).isInstanceOf(TaskFailure.class)
                    .hasMessageContaining("down").matches(e -> !((TaskFailure) e).nonRetryable());
        }
        ctx.attempt(3);
        assertThat(new FailStage().execute(ctx).path("attempt").asInt()).isEqualTo(3);
        var finalFailure = TestingTaskContext.withConfig("{\"non_retryable\": true}");
        assertThatThrownBy(() -> new FailStage().execute(finalFailure))
                .matches(e -> ((TaskFailure) e).nonRetryable());
    }

    @Test
    void delaySleepsAndStopsSoonAfterCancellation() throws Exception {
        var out = new DelayStage().execute(TestingTaskContext.withConfig("{\"millis\": 50}"));
        assertThat(out.path("slept_ms").asLong()).isGreaterThanOrEqualTo(50);

        var ctx = TestingTaskContext.withConfig("{\"seconds\": 60}");
        var running = CompletableFuture.supplyAsync(() -> {
            try {
                return new DelayStage().execute(ctx);
            } catch (Exception e) {
                return Json.object().put("failed", e.getMessage());
            }
        });
        ctx.cancel();
        // Checks every 100 ms, so it stops well within a second of being cancelled.
        assertThat(running.get(2, TimeUnit.SECONDS).path("failed").asString()).contains("cancelled");
    }
}
