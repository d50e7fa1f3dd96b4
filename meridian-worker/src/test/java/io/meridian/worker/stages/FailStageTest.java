package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.testing.TestingTaskContext;
import org.junit.jupiter.api.Test;

class FailStageTest {
    final FailStage fail = new FailStage();

    @Test
    void failsAttemptsOneToTimesThenSucceeds() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            var ctx = TestingTaskContext.withConfig("{\"times\": 3, \"message\": \"down\"}").attempt(attempt);
            TaskFailure f = catchThrowableOfType(TaskFailure.class, () -> fail.execute(ctx));
            assertThat(f).as("attempt %d", attempt).isNotNull();
            assertThat(f.getMessage()).isEqualTo("down (attempt " + attempt + ")");
            assertThat(f.nonRetryable()).isFalse();
        }
        var fourth = TestingTaskContext.withConfig("{\"times\": 3}").attempt(4);
        assertThat(fail.execute(fourth).toString()).isEqualTo("{\"attempt\":4}");
    }

    @Test
    void withoutTimesEveryAttemptFails() {
        var ctx = TestingTaskContext.withConfig("{}").attempt(50);
        TaskFailure f = catchThrowableOfType(TaskFailure.class, () -> fail.execute(ctx));
        assertThat(f.getMessage()).contains("failed on purpose");
        assertThat(f.type()).isEqualTo("handler_error");
    }

    @Test
    void nonRetryableMakesTheFailureFinal() {
        var ctx = TestingTaskContext.withConfig("{\"times\": 1, \"non_retryable\": true}");
        assertThat(catchThrowableOfType(TaskFailure.class, () -> fail.execute(ctx)).nonRetryable()).isTrue();
    }

    @Test
    void timesZeroNeverFails() throws Exception {
        assertThat(fail.execute(TestingTaskContext.withConfig("{\"times\": 0}")).path("attempt").asInt()).isEqualTo(1);
    }
}
