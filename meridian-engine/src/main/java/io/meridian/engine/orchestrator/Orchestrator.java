package io.meridian.engine.orchestrator;

import io.meridian.engine.durability.UnitOfWork;
import io.meridian.engine.events.StateEvents;
import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import io.meridian.engine.queue.JobEntry;
import io.meridian.engine.queue.JobOutcomeListener;
import io.meridian.engine.queue.JobQueue;
import io.meridian.engine.time.EngineClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.JobSpec;
import io.meridian.store.StoreWrite;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * Runs pipelines as DAGs on top of the job queue. A stage becomes ready when all its dependencies succeeded;
 * its jobs carry references to the dependencies' outputs, never copies (see {@link JobPlanner}). A stage that
 * fails for good fails the execution at once (fail_fast, cancelling the rest) or lets independent branches finish
 * (continue, skipping its dependents).
 * Every method runs under the engine's state lock inside one unit of work.
 */
public final class Orchestrator implements JobOutcomeListener {
    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

    private final EngineClock clock;
    private final JobPlanner planner;
    private final Map<String, ExecutionState> live = new HashMap<>();
    private JobQueue queue;

    public Orchestrator(EngineClock clock, ExecutionLimits limits) {
        this.clock = clock;
        this.planner = new JobPlanner(limits);
    }

    /** Wired after construction because the queue also needs the orchestrator as its listener. */
    public void attach(JobQueue jobQueue) {
        this.queue = jobQueue;
    }

    public ExecutionRecord start(String executionId, Pipeline pipeline, JsonNode inputs, String requestId,
                                 UnitOfWork work) {
        ExecutionState x = new ExecutionState(executionId, pipeline, inputs, requestId, clock.now());
        live.put(x.id, x);
        log.info("Execution {} of pipeline '{}' started ({} stages)", x.id, pipeline.id(), pipeline.stages().size());
        // the one write of the whole execution, every stage included; from here on only what changes is written
        work.changed("e" + x.id, () -> new StoreWrite.PutExecution(x.toRecord()));
        changed(x, work);
        emit(x, EventType.EXECUTION_CREATED, work);
        emit(x, EventType.EXECUTION_STARTED, work);
        advance(x, work);
        return x.toRecord();
    }

    /** Brings an interrupted execution back from the store; its unfinished jobs are handed out again. */
    public ExecutionRecord recover(ExecutionRecord record, List<JobRecord> jobs, boolean keepLeases, UnitOfWork work) {
        if (record.status().isTerminal() || live.containsKey(record.id())) {
            return live.containsKey(record.id()) ? live.get(record.id()).toRecord() : record;
        }
        ExecutionState x = ExecutionState.from(record);
        live.put(x.id, x);
        for (JobRecord job : jobs) {
            StageState s = x.stages.get(job.spec().stageId());
            if (s == null || s.status.isTerminal()) {
                continue;
            }
            if (job.state().status() == JobStatus.SUCCEEDED) {
                recordItem(s, job.spec().itemIndex(), job.state().result());
                stageChanged(x, s, work);
            } else if (!job.state().status().isTerminal()) {
                s.liveJobs.add(job.id());
                queue.restore(job, keepLeases, work);
                if (x.status == ExecutionStatus.PAUSED) {
                    queue.hold(job.id(), work);
                }
            }
        }
        log.info("Execution {} recovered: {} of {} stages already finished", x.id,
                x.stages.values().stream().filter(s -> s.status.isTerminal()).count(), x.stages.size());
        changed(x, work);
        x.stages.values().stream().filter(s -> s.status == StageStatus.RUNNING && s.liveJobs.isEmpty()
                && s.jobsDone == s.jobs).toList().forEach(s -> stageSucceeded(x, s, work));
        advance(x, work);
        return x.toRecord();
    }

    /**
     * An execution whose state could not be reloaded: it fails with {@code reason}, and whatever part of it the
     * failed reload left in memory is cancelled, so nothing half-loaded runs.
     */
    public ExecutionRecord failUnloadable(ExecutionRecord stored, String reason, UnitOfWork work) {
        ExecutionState x = live.get(stored.id());
        if (x != null) {
            x.stages.values().forEach(s -> endStage(x, s, "the execution could not be reloaded", work));
            finishExecution(x, ExecutionStatus.FAILED, reason, work);
            return x.toRecord();
        }
        ExecutionRecord failed = new ExecutionRecord(stored.id(), stored.pipeline(), stored.inputs(),
                ExecutionStatus.FAILED, stored.stages(), reason, stored.requestId(), stored.createdAt(), clock.now());
        work.changed("x" + failed.id(), () -> new StoreWrite.PutExecutionStatus(failed.id(), failed.status(),
                failed.error(), failed.updatedAt()));
        work.emit(EventRecord.unnumbered(EventType.EXECUTION_FAILED, failed.updatedAt(), failed.id(), failed.id(),
                Map.of("pipeline_id", failed.pipeline().id(), "error", reason)));
        log.info("Execution {} failed: {}", failed.id(), reason);
        return failed;
    }

    @Override
    public void jobFinished(JobEntry job, UnitOfWork work) {
        JobSpec spec = job.spec();
        ExecutionState x = spec.executionId() == null ? null : live.get(spec.executionId());
        if (x == null) {
            return;
        }
        StageState s = x.stages.get(spec.stageId());
        s.liveJobs.remove(job.id());
        s.attempts += job.attempt();
        stageChanged(x, s, work);
        if (s.status != StageStatus.RUNNING) {
            return;
        }
        if (job.status() == JobStatus.SUCCEEDED) {
            recordItem(s, spec.itemIndex(), job.result());
            if (s.jobsDone == s.jobs) {
                stageSucceeded(x, s, work);
                advanceFrom(x, s, work);
            }
        } else {
            String why = job.status() == JobStatus.CANCELLED ? "job " + job.id() + " was cancelled: " + job.error()
                    : job.error();
            stageFailed(x, s, (s.fansOut() ? "item " + spec.itemIndex() + ": " : "") + why, work);
        }
        changed(x, work);
    }

    private static void recordItem(StageState s, int itemIndex, JsonNode result) {
        int i = Math.max(itemIndex, 0);
        if (i < s.outputs.length && s.outputs[i] == null) {
            s.outputs[i] = result == null ? NullNode.getInstance() : result;
            s.jobsDone++;
        }
    }

    // ---- DAG progress ----------------------------------------------------------------------------------

    /**
     * Starts every stage whose dependencies all succeeded, then checks whether the execution is over. A full pass
     * over the stages: for starting, resuming and recovering an execution, not for each step.
     */
    private void advance(ExecutionState x, UnitOfWork work) {
        startReady(x, x.stages.values().stream().filter(s -> s.status == StageStatus.PENDING).toList(), work);
        finishIfDone(x, work);
    }

    /**
     * After {@code finished} succeeded: starts its dependents that are now ready, then checks whether the execution
     * is over. Only those dependents are looked at, so a step along a chain of N stages costs O(1), not O(N).
     */
    private void advanceFrom(ExecutionState x, StageState finished, UnitOfWork work) {
        startReady(x, x.dependentsOf(finished.stage.id()), work);
        finishIfDone(x, work);
    }

    /**
     * Starts the candidates whose dependencies all succeeded. A stage with no jobs (an empty foreach) succeeds as
     * it starts, so its own dependents become candidates in turn: a worklist, not recursion, however long the run.
     */
    private void startReady(ExecutionState x, List<StageState> candidates, UnitOfWork work) {
        ArrayDeque<StageState> todo = new ArrayDeque<>(candidates);
        while (!todo.isEmpty() && !x.status.isTerminal()) {
            StageState s = todo.poll();
            if (s.status == StageStatus.PENDING && dependenciesSucceeded(x, s)) {
                startStage(x, s, work);
                if (s.status == StageStatus.SUCCEEDED) {
                    todo.addAll(x.dependentsOf(s.stage.id()));
                }
            }
        }
    }

    private void finishIfDone(ExecutionState x, UnitOfWork work) {
        if (!x.status.isTerminal() && x.allStagesTerminal()) {
            boolean ok = x.allStagesSucceeded();
            finishExecution(x, ok ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED,
                    ok ? null : failedSummary(x), work);
        }
    }

    private static boolean dependenciesSucceeded(ExecutionState x, StageState s) {
        return s.stage.dependsOn().stream().allMatch(d -> x.stages.get(d).status == StageStatus.SUCCEEDED);
    }

    private void startStage(ExecutionState x, StageState s, UnitOfWork work) {
        x.move(s, StageStatus.RUNNING);
        s.startedAt = clock.now();
        stageChanged(x, s, work);
        List<JobSpec> specs;
        try {
            specs = planner.plan(x, s);
        } catch (JobPlanner.PlanningFailure e) {
            stageFailed(x, s, e.getMessage(), work);
            return;
        }
        s.jobs = specs.size();
        s.outputs = new JsonNode[specs.size()];
        boolean held = x.status == ExecutionStatus.PAUSED;
        for (JobSpec spec : specs) {
            s.liveJobs.add(queue.submit(spec, null, held, work).id());
        }
        if (specs.isEmpty()) {
            stageSucceeded(x, s, work);
        }
    }

    private void stageSucceeded(ExecutionState x, StageState s, UnitOfWork work) {
        x.move(s, StageStatus.SUCCEEDED);
        s.finishedAt = clock.now();
        if (s.fansOut()) {
            ArrayNode all = JsonNodeFactory.instance.arrayNode(s.outputs.length);
            for (JsonNode o : s.outputs) {
                all.add(o);
            }
            s.output = all;
        } else {
            s.output = s.outputs.length == 0 || s.outputs[0] == null ? NullNode.getInstance() : s.outputs[0];
        }
        s.outputs = new JsonNode[0];
        stageChanged(x, s, work);
    }

    private void stageFailed(ExecutionState x, StageState s, String error, UnitOfWork work) {
        x.move(s, StageStatus.FAILED);
        s.error = error;
        s.finishedAt = clock.now();
        stageChanged(x, s, work);
        cancelJobs(s, "stage '" + s.stage.id() + "' failed", work);
        log.info("Execution {}: stage '{}' failed: {}", x.id, s.stage.id(), error);
        if (x.pipeline.failurePolicy() == FailurePolicy.FAIL_FAST) {
            for (StageState other : x.stages.values()) {
                endStage(x, other, "execution failed fast after stage '" + s.stage.id() + "' failed", work);
            }
            finishExecution(x, ExecutionStatus.FAILED, "stage '" + s.stage.id() + "' failed: " + error, work);
        } else {
            // a failure makes nothing ready; it may have been the last stage left
            skipDependents(x, s.stage.id(), work);
            finishIfDone(x, work);
        }
    }

    /** Under failure_policy continue, everything downstream of a failed stage can never run. */
    private void skipDependents(ExecutionState x, String failedStage, UnitOfWork work) {
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(failedStage));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            for (StageState d : x.dependentsOf(id)) {
                if (d.status == StageStatus.PENDING) {
                    x.move(d, StageStatus.SKIPPED);
                    d.error = "skipped: upstream stage '" + failedStage + "' failed";
                    stageChanged(x, d, work);
                    todo.add(d.stage.id());
                }
            }
        }
    }

    private static String failedSummary(ExecutionState x) {
        return x.stages.values().stream().filter(s -> s.status == StageStatus.FAILED)
                .map(s -> "stage '" + s.stage.id() + "' failed: " + s.error).collect(Collectors.joining("; "));
    }

    private void finishExecution(ExecutionState x, ExecutionStatus status, String error, UnitOfWork work) {
        x.status = status;
        x.error = error;
        changed(x, work);
        emit(x, StateEvents.ofExecution(status), work);
        live.remove(x.id);
        log.info("Execution {} {}{}", x.id, status.name().toLowerCase(), error == null ? "" : ": " + error);
    }

    // ---- user operations -------------------------------------------------------------------------------

    public Optional<ExecutionRecord> cancel(String executionId, UnitOfWork work) {
        ExecutionState x = live.get(executionId);
        if (x == null) {
            return Optional.empty();
        }
        x.stages.values().forEach(s -> endStage(x, s, "execution cancelled", work));
        finishExecution(x, ExecutionStatus.CANCELLED, "cancelled by request", work);
        return Optional.of(x.toRecord());
    }

    public Optional<ExecutionRecord> pause(String executionId, UnitOfWork work) {
        ExecutionState x = live.get(executionId);
        if (x == null || x.status != ExecutionStatus.RUNNING) {
            return Optional.ofNullable(x).map(ExecutionState::toRecord);
        }
        x.status = ExecutionStatus.PAUSED;
        x.stages.values().forEach(s -> s.liveJobs.forEach(j -> queue.hold(j, work)));
        runningStagesChanged(x, work); // they now show as paused, in the store too
        changed(x, work);
        emit(x, EventType.EXECUTION_PAUSED, work);
        return Optional.of(x.toRecord());
    }

    public Optional<ExecutionRecord> resume(String executionId, UnitOfWork work) {
        ExecutionState x = live.get(executionId);
        if (x == null || x.status != ExecutionStatus.PAUSED) {
            return Optional.ofNullable(x).map(ExecutionState::toRecord);
        }
        x.status = ExecutionStatus.RUNNING;
        x.stages.values().forEach(s -> s.liveJobs.forEach(j -> queue.release(j, work)));
        runningStagesChanged(x, work);
        changed(x, work);
        emit(x, EventType.EXECUTION_RESUMED, work);
        advance(x, work);
        return Optional.of(x.toRecord());
    }

    private void endStage(ExecutionState x, StageState s, String why, UnitOfWork work) {
        if (s.status == StageStatus.RUNNING) {
            x.move(s, StageStatus.CANCELLED);
            s.error = why;
            s.finishedAt = clock.now();
            stageChanged(x, s, work);
        } else if (s.status == StageStatus.PENDING) {
            x.move(s, StageStatus.SKIPPED);
            s.error = why;
            stageChanged(x, s, work);
        }
        cancelJobs(s, why, work);
    }

    private void cancelJobs(StageState s, String why, UnitOfWork work) {
        for (String jobId : List.copyOf(s.liveJobs)) {
            queue.cancel(jobId, why, false, work);
        }
        s.liveJobs.clear();
    }

    // ---- queries ---------------------------------------------------------------------------------------

    public Optional<ExecutionRecord> snapshot(String executionId) {
        return Optional.ofNullable(live.get(executionId)).map(ExecutionState::toRecord);
    }

    /**
     * A live execution's stage output, as downstream jobs read it: empty when the stage has not succeeded (yet);
     * null when the execution is not live here, so the caller asks the store.
     */
    public Optional<JsonNode> liveStageOutput(String executionId, String stageId) {
        ExecutionState x = live.get(executionId);
        if (x == null) {
            return null;
        }
        StageState s = x.stages.get(stageId);
        return s != null && s.status == StageStatus.SUCCEEDED ? Optional.ofNullable(s.output) : Optional.empty();
    }

    public Collection<String> liveExecutionIds() {
        return Set.copyOf(live.keySet());
    }

    /** How many unfinished executions run a pipeline whose id starts with {@code prefix}; no snapshots taken. */
    public long liveCount(String pipelinePrefix) {
        return live.values().stream().filter(x -> x.pipeline.id().startsWith(pipelinePrefix)).count();
    }

    /**
     * Marks the execution's header (status, error, last update) changed. The store keeps an execution as a header
     * plus one row per stage, and the unit of work keeps one write per key, so a commit writes the header once and
     * each changed stage once ({@link #stageChanged}), never the stages that did not change.
     */
    private void changed(ExecutionState x, UnitOfWork work) {
        x.updatedAt = clock.now();
        work.changed("x" + x.id, () -> new StoreWrite.PutExecutionStatus(x.id, x.status, x.error, x.updatedAt));
    }

    private void runningStagesChanged(ExecutionState x, UnitOfWork work) {
        x.stages.values().stream().filter(s -> s.status == StageStatus.RUNNING).forEach(s -> stageChanged(x, s, work));
    }

    /** Marks one stage changed (and with it the header, whose last-update time moves). */
    private void stageChanged(ExecutionState x, StageState s, UnitOfWork work) {
        work.changed("x" + x.id + "\u0000" + s.stage.id(), () -> new StoreWrite.PutStage(x.id, x.runOf(s)));
        changed(x, work);
        if (s.status != s.announced) {
            s.announced = s.status;
            StateEvents.ofStage(s.status).ifPresent(type -> {
                Map<String, Object> data = new java.util.TreeMap<>();
                data.put("stage_id", s.stage.id());
                if (s.status.isTerminal()) {
                    data.put("jobs", (long) s.jobs);
                }
                if (s.error != null) {
                    data.put("error", s.error);
                }
                work.emit(EventRecord.unnumbered(type, x.updatedAt, x.id, s.stage.id(), data));
            });
        }
    }

    private static void emit(ExecutionState x, EventType type, UnitOfWork work) {
        Map<String, Object> data = new java.util.TreeMap<>();
        data.put("pipeline_id", x.pipeline.id());
        data.put("pipeline_version", (long) x.pipeline.version());
        if (x.error != null) {
            data.put("error", x.error);
        }
        work.emit(EventRecord.unnumbered(type, x.updatedAt, x.id, x.id, data));
    }
}
