package io.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.codec.PipelineReader;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class PipelineTesterTest {
    static final java.time.Instant START = java.time.Instant.parse("2026-01-01T00:00:00Z");
    static Pipeline pipeline(String yaml) {
        return PipelineReader.read(yaml, "test.yaml", Set.of("word_count", "slow_fail", "json_transform", "fail", "deadline_probe"));
    }

    /**
     * Back-offs of one and two minutes pass in seconds, and the retried job is delivered exactly as often as its
     * failures call for: repeated, since a clock jump that made the idle worker look silent cost an extra attempt
     * only now and then.
     */
    @RepeatedTest(20)
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
        assertThat(run.output("flaky").get("ok").asInt()).as("the attempt that succeeded").isEqualTo(3);
        assertThat(run.stage("flaky").attempts()).as("two failures and a success").isEqualTo(3);
        assertThat(run.stage("count").attempts()).isEqualTo(1);
        // At least the back-offs; a step more when the worker looked idle while the last report was being settled.
        assertThat(tester.now()).as("the manual clock passed the back-offs")
                .isAfterOrEqualTo(START.plusSeconds(180));
    }

    /** Tells what the job's context says of its deadline, on the worker, while the handler runs. */
    static final TaskHandler DEADLINE_PROBE = new TaskHandler() {
        @Override
        public String type() {
            return "deadline_probe";
        }

        @Override
        public JsonNode execute(TaskContext context) {
            return JsonNodeFactory.instance.objectNode().put("cancelled", context.isCancelled())
                    .put("deadline", String.valueOf(context.deadline()));
        }
    };

    /**
     * The manual clock starts long before today's date: a worker that compared the job's deadline with system time
     * took every job for timed out (it raced the handler, and sometimes won, costing an attempt).
     */
    @Test
    void theWorkerMeasuresDeadlinesOnTheManualClock() {
        Pipeline p = pipeline("""
                id: probe
                stages:
                  - id: probe
                    type: deadline_probe
                    timeout_seconds: 60
                """);
        PipelineRun run = PipelineTester.with(DEADLINE_PROBE).run(p);
        assertThat(run.succeeded()).as("%s", run.execution()).isTrue();
        assertThat(run.output("probe").get("deadline").asString()).isEqualTo(START.plusSeconds(60).toString());
        assertThat(run.output("probe").get("cancelled").asBoolean()).as("past its deadline on the worker").isFalse();
        assertThat(run.stage("probe").attempts()).isEqualTo(1);
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
