package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.testkit.Attempt;
import io.meridian.testkit.HandlerRun;
import io.meridian.testkit.HandlerTester;
import io.meridian.worker.stages.FailStage;
import io.meridian.worker.stages.JsonTransformStage;
import org.junit.jupiter.api.Test;

/** The built-in stage types through the test kit, as a handler author would test theirs. */
class BuiltinStagesTestkitTest {

    @Test
    void failFailsItsFirstAttemptsThenReportsTheAttemptThatSucceeded() {
        HandlerRun run = HandlerTester.of(new FailStage()).config("{\"times\": 2, \"message\": \"flaky\"}")
                .maxAttempts(5).run();
        assertThat(run.output().get("attempt").asInt()).isEqualTo(3);
        assertThat(run.failures()).extracting(a -> a.failure().getMessage())
                .containsExactly("flaky (attempt 1)", "flaky (attempt 2)");
        assertThat(run.failures()).allSatisfy(a -> assertThat(a.retryable()).isTrue());
    }

    @Test
    void aNonRetryableFailIsNotRetried() {
        HandlerRun run = HandlerTester.of(new FailStage()).config("{\"non_retryable\": true}").maxAttempts(5).run();
        assertThat(run.attempts()).singleElement().satisfies(a -> {
            assertThat(a.retryable()).isFalse();
            assertThat(a.failure()).hasMessageContaining("attempt 1");
        });
    }

    @Test
    void jsonTransformAppliesItsExpressionToTheUpstreamOutput() {
        HandlerRun run = HandlerTester.of(new JsonTransformStage()).config("{\"expression\": \".n * 2\"}")
                .dependencies("{\"up\": {\"n\": 21}}").run();
        Attempt only = run.last();
        assertThat(only.succeeded()).as("%s", only.failure()).isTrue();
        assertThat(only.output().asInt()).isEqualTo(42);
    }

    @Test
    void anInvalidJqExpressionIsABadConfigThatIsNotRetried() {
        HandlerRun run = HandlerTester.of(new JsonTransformStage()).config("{\"expression\": \".n *\"}")
                .maxAttempts(3).run();
        assertThat(run.attempts()).singleElement().satisfies(a -> {
            assertThat(a.failureType()).isEqualTo("bad_config");
            assertThat(a.failure()).hasMessageContaining("invalid jq expression '.n *'");
        });
    }
}
