package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.orchestrator.ExecutionLimits;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.PipelineBuilder;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.memory.InMemoryStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;

/**
 * A fan-out's jobs carry their item and references to upstream outputs, never copies, so each job's payload stays
 * the size of its own data however large the upstream output; and a stage that would put too much in the queue
 * fails with an error naming the limit, leaving everything else alone.
 */
class FanOutPlanningTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
    TestWorker worker = new TestWorker(coordinator.leases(), "w1");

    @AfterEach
    void close() {
        coordinator.close();
    }

    void limits(int items, long jobBytes, long stageBytes) {
        limits(new ExecutionLimits(items, jobBytes, stageBytes, ExecutionLimits.DEFAULT.maxInputBytes()));
    }

    void limits(ExecutionLimits limits) {
        coordinator.close();
        coordinator = Coordinator.manual(store, EngineSettings.DEFAULT.withExecutionLimits(limits), clock);
        worker = new TestWorker(coordinator.leases(), "w1");
    }

    /** gen (no input) produces the list; each fans out over it with the given config. */
    static Pipeline fanOut(FailurePolicy policy, tools.jackson.databind.node.ObjectNode eachConfig) {
        return PipelineBuilder.pipeline("fan").failurePolicy(policy)
                .stage("gen", "noop")
                .stage("each", "noop", s -> s.dependsOn("gen").foreach("{{stages.gen.output}}").config(eachConfig))
                .stage("side", "noop")
                .buildUnchecked();
    }

    static ArrayNode range(int n) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    /** Starts the pipeline, finishes gen with {@code n} items (and side); returns the execution id. */
    String startWithItems(Pipeline p, int n) {
        String id = coordinator.startExecution(p, Json.object(), null).id();
        // a new worker each time, so jobs of earlier executions in the test stay out of the way
        TestWorker fresh = new TestWorker(coordinator.leases(), "w-" + id);
        List<LeaseGrant> first = new java.util.ArrayList<>();
        for (int i = 0; i < 1000 && first.size() < 2; i++) {
            fresh.take(10).stream().filter(g -> g.executionId().equals(id)).forEach(first::add);
        }
        assertThat(first).extracting(LeaseGrant::stageId).containsExactlyInAnyOrder("gen", "side");
        // gen first: under continue, side finishes after each has already started (or failed)
        first.stream().sorted(java.util.Comparator.comparing(g -> !g.stageId().equals("gen")))
                .forEach(g -> fresh.succeed(g.lease(), g.stageId().equals("gen") ? range(n) : null));
        return id;
    }

    List<JobSpec> eachJobs(String executionId) {
        return store.jobsOfExecution(executionId).stream().map(JobRecord::spec)
                .filter(j -> j.stageId().equals("each")).toList();
    }

    @Test
    void eachFanOutJobCarriesItsItemAndAReferenceNeverTheUpstreamOutput() {
        String x = startWithItems(fanOut(FailurePolicy.FAIL_FAST, Json.object().put("input", "{{item}}")), 2000);
        List<JobSpec> jobs = eachJobs(x);

        assertThat(jobs).hasSize(2000);
        JobSpec last = jobs.stream().filter(j -> j.itemIndex() == 1999).findFirst().orElseThrow();
        assertThat(last.payload().has("dependencies")).isFalse();
        assertThat(last.payload().path("dependency_refs").toString()).isEqualTo("[\"gen\"]");
        assertThat(last.payload().path("item")).isEqualTo(IntNode.valueOf(1999));
        // O(its own data): the same few bytes whether the upstream list has 2 items or 2,000.
        assertThat(jobs).allMatch(j -> Json.writeBytes(j.payload()).length < 120);
        assertThat(coordinator.stageOutput(x, "gen").orElseThrow()).hasSize(2000);
    }

    @Test
    void stageOutputsAreReadFromMemoryWhileLiveAndFromTheStoreAfterwards() {
        String x = startWithItems(fanOut(FailurePolicy.FAIL_FAST, Json.object()), 3);
        assertThat(coordinator.stageOutput(x, "each")).as("not finished yet").isEmpty();
        assertThat(coordinator.stageOutput(x, "nope")).isEmpty();
        assertThat(coordinator.stageOutput("x-unknown", "gen")).isEmpty();
        List<LeaseGrant> rest;
        while (!(rest = worker.take(10)).isEmpty()) {
            rest.forEach(g -> worker.succeed(g.lease(), IntNode.valueOf(Math.max(g.itemIndex(), 0))));
        }
        assertThat(coordinator.execution(x).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        Coordinator fresh = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
        assertThat(fresh.stageOutput(x, "each").orElseThrow().toString()).isEqualTo("[0,1,2]");
        assertThat(fresh.stageOutput(x, "gen").orElseThrow()).hasSize(3);
        fresh.close();
    }

    @Test
    void aFanOutAtTheCapRunsAndOneItemMoreFailsTheStageNamingTheLimit() {
        limits(5, ExecutionLimits.DEFAULT.maxJobPayloadBytes(), ExecutionLimits.DEFAULT.maxStagePayloadBytes());
        Pipeline p = fanOut(FailurePolicy.FAIL_FAST, Json.object());
        assertThat(eachJobs(startWithItems(p, 5))).hasSize(5);

        String over = startWithItems(p, 6);
        ExecutionRecord failed = coordinator.execution(over).orElseThrow();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.stages().get("each").status()).isEqualTo(StageStatus.FAILED);
        assertThat(failed.error()).startsWith("stage 'each' failed: ")
                .contains("6 items", "limit of 5 items per stage", "engine.max_fan_out_items");
        assertThat(eachJobs(over)).isEmpty();
    }

    @Test
    void underContinueAnOverCapStageFailsAloneAndIndependentStagesStillRun() {
        limits(3, ExecutionLimits.DEFAULT.maxJobPayloadBytes(), ExecutionLimits.DEFAULT.maxStagePayloadBytes());
        String x = startWithItems(fanOut(FailurePolicy.CONTINUE, Json.object()), 4);

        ExecutionRecord done = coordinator.execution(x).orElseThrow();
        assertThat(done.stages().get("side").status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(done.stages().get("each").error()).contains("engine.max_fan_out_items");
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void aConfigTemplateThatCopiesTheWholeUpstreamOutputIntoEachJobIsRefusedByTheJobPayloadLimit() {
        limits(100_000, 4_000, ExecutionLimits.DEFAULT.maxStagePayloadBytes());
        Pipeline copies = fanOut(FailurePolicy.FAIL_FAST, Json.object().put("all", "{{stages.gen.output}}"));

        String small = startWithItems(copies, 100);
        assertThat(coordinator.execution(small).orElseThrow().stages().get("each").status())
                .isEqualTo(StageStatus.RUNNING);

        String big = startWithItems(copies, 2000);
        ExecutionRecord failed = coordinator.execution(big).orElseThrow();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).startsWith("stage 'each' failed: item 0: the job's payload is ")
                .contains("over the limit of 4000 bytes per job (engine.max_job_payload_bytes)");
    }

    @Test
    void aStageWhoseJobsTogetherPassTheStagePayloadLimitFailsBeforeAnyJobIsQueued() {
        Pipeline p = fanOut(FailurePolicy.FAIL_FAST, Json.object().put("pad", "{{item}}-0123456789"));
        long total = eachJobs(startWithItems(p, 10)).stream().mapToLong(j -> Json.writeBytes(j.payload()).length)
                .sum();

        limits(100_000, 4096, total);
        assertThat(coordinator.execution(startWithItems(p, 10)).orElseThrow().stages().get("each").status())
                .as("exactly at the limit").isEqualTo(StageStatus.RUNNING);
        String over = startWithItems(p, 11);
        ExecutionRecord failed = coordinator.execution(over).orElseThrow();
        assertThat(failed.error()).contains("first 11 of 11 jobs add up to", "over the limit of " + total,
                "engine.max_stage_payload_bytes");
        assertThat(eachJobs(over)).isEmpty();
    }

    @Test
    void inputsOverTheInputLimitAreRefusedBeforeAnythingIsStoredAndInputsAtItStart() {
        tools.jackson.databind.node.ObjectNode inputs = Json.object().put("rows", "r".repeat(1000));
        long size = Json.writeBytes(inputs).length;
        limits(new ExecutionLimits(10, 4096, 65536, size));
        Pipeline p = PipelineBuilder.pipeline("in").stage("a", "noop").buildUnchecked();
        assertThat(coordinator.startExecution(p, inputs, null).status()).isEqualTo(ExecutionStatus.RUNNING);

        inputs.put("rows", "r".repeat(1001));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> coordinator.startExecution(p, inputs, "req-big"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the execution's inputs are " + (size + 1) + " bytes, over the limit of " + size
                        + " bytes (engine.max_input_bytes): pass large data by reference (a URL, a path, a table) "
                        + "rather than inline, or raise engine.max_input_bytes");
        assertThat(store.executionByRequestId("req-big")).isEmpty();
    }
}
