package io.meridian.store;

import io.meridian.model.execution.StageRun;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The execution writes of one batch, folded so that a store can send each table's rows as one statement batch
 * (whole executions, then status headers, then stages) and still end where applying the writes one by one would:
 * <ul>
 *   <li>a later write of the same row wins (per execution, or per execution and stage);</li>
 *   <li>a {@link StoreWrite.PutExecution} replaces the whole execution, so it drops the status and stage writes
 *       of that execution queued before it in the batch.</li>
 * </ul>
 * Incomplete writes are refused here, before anything is sent, with a message naming the execution.
 */
public final class ExecutionChanges {

    private final Map<String, ExecutionRecord> executions = new LinkedHashMap<>();
    private final Map<String, StoreWrite.PutExecutionStatus> statuses = new LinkedHashMap<>();
    private final Map<String, Map<String, StageRun>> stages = new LinkedHashMap<>();
    private int stageCount;

    /** Adds an execution write; any other kind of write is ignored. */
    public void add(StoreWrite write) {
        switch (write) {
            case StoreWrite.PutExecution(ExecutionRecord e) -> {
                require(e != null && e.id() != null && e.pipeline() != null && e.pipeline().id() != null
                        && e.status() != null && e.createdAt() != null && e.updatedAt() != null
                        && e.stages().values().stream().allMatch(ExecutionChanges::complete),
                        "incomplete execution", e == null ? null : e.id());
                executions.put(e.id(), e);
                statuses.remove(e.id());
                Map<String, StageRun> dropped = stages.remove(e.id());
                stageCount -= dropped == null ? 0 : dropped.size();
            }
            case StoreWrite.PutExecutionStatus s -> {
                require(s.executionId() != null && s.status() != null && s.updatedAt() != null,
                        "incomplete execution status", s.executionId());
                statuses.put(s.executionId(), s);
            }
            case StoreWrite.PutStage(String executionId, StageRun run) -> {
                require(executionId != null && complete(run), "incomplete stage", executionId);
                if (stages.computeIfAbsent(executionId, id -> new LinkedHashMap<>()).put(run.stageId(), run) == null) {
                    stageCount++;
                }
            }
            case null -> throw new StoreException("rejected batch: a write is null");
            default -> { }
        }
    }

    private static boolean complete(StageRun run) {
        return run != null && run.stageId() != null && run.status() != null;
    }

    /** Whole executions, each once, in the order first put. */
    public Collection<ExecutionRecord> executions() {
        return executions.values();
    }

    /** Status headers, each execution once; apply after {@link #executions()}. */
    public Collection<StoreWrite.PutExecutionStatus> statuses() {
        return statuses.values();
    }

    /** Stage rows by execution, each stage once; apply after {@link #executions()}. */
    public Map<String, Map<String, StageRun>> stages() {
        return stages;
    }

    public boolean isEmpty() {
        return executions.isEmpty() && statuses.isEmpty() && stages.isEmpty();
    }

    /** How many rows of the headers and stages these writes touch (for messages and metrics). */
    public int size() {
        return executions.values().stream().mapToInt(e -> 1 + e.stages().size()).sum() + statuses.size()
                + stageCount;
    }

    /** Names the execution by its id only: outputs can be large, and are no one's business in a log. */
    private static void require(boolean ok, String problem, String executionId) {
        if (!ok) {
            throw new StoreException("rejected batch: " + problem + " (execution " + executionId + ")");
        }
    }
}
