package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Foreach;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

class OrchestratorTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
    final TestWorker worker = new TestWorker(coordinator.leases(), "w1");

    @AfterEach
    void close() {
        coordinator.close();
    }

    static Stage stage(String id, ObjectNode config, String... deps) {
        return new Stage(id, "noop", config, List.of(deps), RetryPolicy.NONE, 60, 5, Requirements.NONE, null, null);
    }

    static Pipeline pipeline(FailurePolicy policy, Stage... stages) {
        return new Pipeline("p", "p", null, 1, policy, StageDefaults.DEFAULT, List.of(stages));
    }

    static ObjectNode config(String key, String value) {
        ObjectNode c = Json.object();
        c.put(key, value);
        return c;
    }

    /** Runs every job that is ready, answering with {@code answer}, until nothing is left to hand out. */
    List<LeaseGrant> runAll(java.util.function.Function<LeaseGrant, JsonNode> answer) {
        List<LeaseGrant> seen = new ArrayList<>();
        List<LeaseGrant> batch;
        while (!(batch = worker.take(100)).isEmpty()) {
            for (LeaseGrant g : batch) {
                seen.add(g);
                worker.succeed(g.lease(), answer.apply(g));
            }
        }
        return seen;
    }

    @Test
    void stagesRunWhenAllDependenciesSucceededAndReceiveTheirOutputs() {
        Pipeline p = pipeline(FailurePolicy.FAIL_FAST,
                stage("a", config("v", "{{input.n}}")),
                stage("b", config("from_a", "{{stages.a.output.value}}"), "a"),
                stage("c", Json.object(), "a"),
                stage("d", Json.object(), "b", "c"));
        ObjectNode inputs = Json.object();
        inputs.put("n", 7);
        ExecutionRecord x = coordinator.startExecution(p, inputs, null);

        List<String> order = new ArrayList<>();
        List<LeaseGrant> grants = runAll(g -> {
            order.add(g.stageId());
            ObjectNode out = Json.object();
            out.put("value", g.stageId().equals("a") ? 42 : 1);
            return out;
        });
        assertThat(order.get(0)).isEqualTo("a");
        assertThat(order.get(3)).isEqualTo("d");
        LeaseGrant a = grants.get(0);
        assertThat(a.payload().path("config").path("v")).isEqualTo(IntNode.valueOf(7));
        LeaseGrant b = grants.stream().filter(g -> g.stageId().equals("b")).findFirst().orElseThrow();
        assertThat(b.payload().path("config").path("from_a")).isEqualTo(IntNode.valueOf(42));
        LeaseGrant d = grants.stream().filter(g -> g.stageId().equals("d")).findFirst().orElseThrow();
        assertThat(d.payload().path("dependency_refs").toString()).isEqualTo("[\"b\",\"c\"]");
        assertThat(d.payload().has("dependencies")).isFalse();
        assertThat(coordinator.stageOutput(x.id(), "a").orElseThrow().path("value").asInt()).isEqualTo(42);
        assertThat(d.idempotencyKey()).isEqualTo(x.id() + "/d/0");

        ExecutionRecord done = coordinator.execution(x.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.stages().values()).allMatch(s -> s.status() == StageStatus.SUCCEEDED && s.attempts() == 1);
        assertThat(store.execution(x.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void foreachFansOutOneJobPerItemAndCollectsOutputsInItemOrder() {
        Stage map = new Stage("map", "noop", config("x", "{{item}}"), List.of(), RetryPolicy.NONE, 60, 5,
                Requirements.NONE, new Foreach("{{input.items}}"), null);
        Stage reduce = stage("reduce", config("all", "{{stages.map.output}}"), "map");
        ObjectNode inputs = Json.object();
        inputs.putArray("items").add(3).add(1).add(2);
        ExecutionRecord x = coordinator.startExecution(pipeline(FailurePolicy.FAIL_FAST, map, reduce), inputs, null);

        List<LeaseGrant> mapJobs = worker.take(10);
        assertThat(mapJobs).hasSize(3);
        // Finish them out of order: the stage output must still follow item order.
        for (int i = mapJobs.size() - 1; i >= 0; i--) {
            LeaseGrant g = mapJobs.get(i);
            worker.succeed(g.lease(), IntNode.valueOf(g.payload().path("item").asInt() * 10));
        }
        LeaseGrant r = worker.take(1).get(0);
        assertThat(r.payload().path("config").path("all").toString()).isEqualTo("[30,10,20]");
        worker.succeed(r.lease(), null);
        assertThat(coordinator.execution(x.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void failFastFailsTheExecutionAndCancelsTheRest() {
        Pipeline p = pipeline(FailurePolicy.FAIL_FAST, stage("a", Json.object()), stage("b", Json.object()),
                stage("c", Json.object(), "a"));
        ExecutionRecord x = coordinator.startExecution(p, Json.object(), null);
        List<LeaseGrant> both = worker.take(10);
        LeaseGrant a = both.stream().filter(g -> g.stageId().equals("a")).findFirst().orElseThrow();
        LeaseGrant b = both.stream().filter(g -> g.stageId().equals("b")).findFirst().orElseThrow();

        worker.fail(a.lease(), "broken", false);
        ExecutionRecord failed = coordinator.execution(x.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("stage 'a' failed").contains("broken");
        assertThat(failed.stages().get("b").status()).isEqualTo(StageStatus.CANCELLED);
        assertThat(failed.stages().get("c").status()).isEqualTo(StageStatus.SKIPPED);
        assertThat(worker.succeed(b.lease(), null).refused()).containsExactly(b.lease());
        assertThat(store.job(b.lease().jobId()).orElseThrow().state().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void continueLetsIndependentBranchesFinishAndSkipsDependents() {
        Pipeline p = pipeline(FailurePolicy.CONTINUE, stage("a", Json.object()), stage("b", Json.object()),
                stage("after_a", Json.object(), "a"), stage("after_b", Json.object(), "b"));
        ExecutionRecord x = coordinator.startExecution(p, Json.object(), null);
        for (LeaseGrant g : worker.take(10)) {
            if (g.stageId().equals("a")) {
                worker.fail(g.lease(), "broken", true);
            } else {
                worker.succeed(g.lease(), null);
            }
        }
        runAll(g -> null);
        ExecutionRecord done = coordinator.execution(x.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.stages().get("after_b").status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(done.stages().get("after_a").status()).isEqualTo(StageStatus.SKIPPED);
    }

    @Test
    void pausedExecutionsHandOutNothingUntilResumed() {
        ExecutionRecord x = coordinator.startExecution(pipeline(FailurePolicy.FAIL_FAST, stage("a", Json.object())),
                Json.object(), null);
        coordinator.pauseExecution(x.id());
        assertThat(worker.take(5)).isEmpty();
        assertThat(coordinator.queueStats().paused()).isEqualTo(1);
        coordinator.resumeExecution(x.id());
        assertThat(runAll(g -> null)).hasSize(1);
        assertThat(coordinator.execution(x.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aRunningStageOfAPausedExecutionShowsPausedAndRunningAgainOnResumeAndAfterARestart() {
        ExecutionRecord x = coordinator.startExecution(pipeline(FailurePolicy.FAIL_FAST, stage("a", Json.object()),
                stage("b", Json.object(), "a")), Json.object(), null);
        coordinator.pauseExecution(x.id());
        assertThat(coordinator.execution(x.id()).orElseThrow().stages().get("a").status()).isEqualTo(StageStatus.PAUSED);
        assertThat(coordinator.execution(x.id()).orElseThrow().stages().get("b").status()).isEqualTo(StageStatus.PENDING);
        assertThat(store.execution(x.id()).orElseThrow().stages().get("a").status()).isEqualTo(StageStatus.PAUSED);
        coordinator.close();

        Coordinator restarted = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
        restarted.recoverExecution(x.id());
        assertThat(restarted.execution(x.id()).orElseThrow().stages().get("a").status()).isEqualTo(StageStatus.PAUSED);
        TestWorker w2 = new TestWorker(restarted.leases(), "w2");
        assertThat(w2.take(5)).as("still paused after the restart").isEmpty();
        restarted.resumeExecution(x.id());
        assertThat(restarted.execution(x.id()).orElseThrow().stages().get("a").status()).isEqualTo(StageStatus.RUNNING);
        assertThat(store.execution(x.id()).orElseThrow().stages().get("a").status()).isEqualTo(StageStatus.RUNNING);
        List<LeaseGrant> batch;
        while (!(batch = w2.take(10)).isEmpty()) {
            batch.forEach(g -> w2.succeed(g.lease(), null));
        }
        assertThat(restarted.execution(x.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        restarted.close();
    }

    @Test
    void cancelledExecutionsRefuseLateResults() {
        ExecutionRecord x = coordinator.startExecution(pipeline(FailurePolicy.FAIL_FAST, stage("a", Json.object())),
                Json.object(), null);
        LeaseGrant g = worker.take(1).get(0);
        coordinator.cancelExecution(x.id());
        assertThat(worker.succeed(g.lease(), null).refused()).hasSize(1);
        assertThat(coordinator.execution(x.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.CANCELLED);
    }

    @Test
    void aTemplateThatResolvesToNothingFailsTheStageWithThePath() {
        ExecutionRecord x = coordinator.startExecution(
                pipeline(FailurePolicy.FAIL_FAST, stage("a", config("u", "{{input.missing}}"))), Json.object(), null);
        ExecutionRecord done = coordinator.execution(x.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.stages().get("a").error()).contains("input.missing");
    }

    @Test
    void theSameRequestIdReturnsTheSameExecution() {
        Pipeline p = pipeline(FailurePolicy.FAIL_FAST, stage("a", Json.object()));
        ExecutionRecord first = coordinator.startExecution(p, Json.object(), "req-1");
        ExecutionRecord again = coordinator.startExecution(p, Json.object(), "req-1");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(worker.take(10)).hasSize(1);
    }

    @Test
    void anInterruptedExecutionRecoversWithoutRerunningSucceededJobs() {
        Stage map = new Stage("map", "noop", config("x", "{{item}}"), List.of(), RetryPolicy.NONE, 60, 5,
                Requirements.NONE, new Foreach("{{input.items}}"), null);
        ObjectNode inputs = Json.object();
        inputs.putArray("items").add(1).add(2).add(3).add(4);
        ExecutionRecord x = coordinator.startExecution(
                pipeline(FailurePolicy.FAIL_FAST, map, stage("sum", Json.object(), "map")), inputs, null);
        List<LeaseGrant> grants = worker.take(4);
        worker.succeed(grants.get(0).lease(), IntNode.valueOf(1));
        worker.succeed(grants.get(1).lease(), IntNode.valueOf(2));
        // grants 2 and 3 are "running" when the process dies: nothing in memory survives.
        coordinator.close();

        Coordinator restarted = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
        restarted.recoverExecution(x.id());
        assertThat(restarted.execution(x.id()).orElseThrow().stages().get("map").jobsDone())
                .as("the items that succeeded before the crash, each counted once").isEqualTo(2);
        TestWorker w2 = new TestWorker(restarted.leases(), "w2");
        List<LeaseGrant> again = w2.take(10);
        assertThat(again).extracting(g -> g.itemIndex()).containsExactlyInAnyOrder(2, 3);
        assertThat(again).allMatch(g -> g.lease().attempt() == 2);
        again.forEach(g -> w2.succeed(g.lease(), IntNode.valueOf(g.itemIndex() + 1)));
        LeaseGrant sum = w2.take(1).get(0);
        assertThat(sum.payload().path("dependency_refs").toString()).isEqualTo("[\"map\"]");
        assertThat(restarted.stageOutput(x.id(), "map").orElseThrow().toString()).isEqualTo("[1,2,3,4]");
        w2.succeed(sum.lease(), null);
        assertThat(restarted.execution(x.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        restarted.close();
    }

    /** After a crash, a stage that had finished still shows all its jobs done, not "succeeded 0/1". */
    @Test
    void aStageThatFinishedBeforeACrashShowsItsJobsDoneAfterRecovery() {
        Stage map = new Stage("map", "noop", config("x", "{{item}}"), List.of(), RetryPolicy.NONE, 60, 5,
                Requirements.NONE, new Foreach("{{input.items}}"), null);
        ObjectNode inputs = Json.object();
        inputs.putArray("items").add(1).add(2).add(3);
        ExecutionRecord x = coordinator.startExecution(pipeline(FailurePolicy.FAIL_FAST, stage("a", Json.object()),
                map, stage("b", Json.object(), "a")), inputs, null);
        List<LeaseGrant> first = worker.take(4);
        first.stream().filter(g -> g.stageId().equals("a") || g.itemIndex() == 0)
                .forEach(g -> worker.succeed(g.lease(), IntNode.valueOf(1)));
        assertThat(worker.take(1)).as("b started before the crash").hasSize(1);
        coordinator.close();

        Coordinator restarted = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
        restarted.recoverExecution(x.id());
        var stages = restarted.execution(x.id()).orElseThrow().stages();
        assertThat(stages.get("a").status()).isEqualTo(StageStatus.SUCCEEDED);
        assertThat(List.of(stages.get("a").jobsDone(), stages.get("a").jobs())).containsExactly(1, 1);
        assertThat(List.of(stages.get("map").jobsDone(), stages.get("map").jobs())).containsExactly(1, 3);
        assertThat(store.execution(x.id()).orElseThrow().stages().get("a").jobsDone())
                .as("and so does the store, after the recovery's writes").isEqualTo(1);
        TestWorker w2 = new TestWorker(restarted.leases(), "w2");
        List<LeaseGrant> again;
        while (!(again = w2.take(10)).isEmpty()) {
            again.forEach(g -> w2.succeed(g.lease(), IntNode.valueOf(1)));
        }
        ExecutionRecord done = restarted.execution(x.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.stages().values()).allMatch(r -> r.jobsDone() == r.jobs());
        restarted.close();
    }

    @Test
    void aStagesPlacementTravelsWithItsJobsAndLeasesWithTheAffinityKeyResolvedPerItemButNotInThePayload() {
        Stage map = new Stage("map", "noop", config("x", "{{item.id}}"), List.of(), RetryPolicy.NONE, 60, 5,
                Requirements.NONE, new Foreach("{{input.items}}"), null,
                new io.meridian.model.pipeline.Placement("affinity", "customer-{{item.id}}"));
        ObjectNode inputs = Json.object();
        inputs.putArray("items").addObject().put("id", 7);
        coordinator.startExecution(pipeline(FailurePolicy.FAIL_FAST, map), inputs, null);
        LeaseGrant g = worker.take(1).get(0);
        assertThat(g.placementStrategy()).isEqualTo("affinity");
        assertThat(g.affinityKey()).isEqualTo("customer-7");
        assertThat(g.payload().has("placement")).as("the handler's input carries no scheduling fields").isFalse();
        var stored = coordinator.job(g.lease().jobId()).orElseThrow().spec();
        assertThat(stored.placementStrategy()).isEqualTo("affinity");
        assertThat(stored.affinityKey()).isEqualTo("customer-7");
    }
}
