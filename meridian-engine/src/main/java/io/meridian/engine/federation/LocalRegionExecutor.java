package io.meridian.engine.federation;

import io.meridian.model.codec.PipelineJson;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.store.ExecutionRecord;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Runs a region's part in this cluster, in-process: a sub-execution on the leading coordinator, with the same
 * pipeline and idempotency key a remote region would get, but no HTTP to itself.
 */
public final class LocalRegionExecutor implements RemoteExecutor {
    private final Supplier<? extends Optional<? extends LocalExecutions>> coordinator;

    /** @param coordinator the leading coordinator of this node, empty while it follows */
    public LocalRegionExecutor(Supplier<? extends Optional<? extends LocalExecutions>> coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public JsonNode run(RegionConfig region, RegionTask task) throws RegionFailure, InterruptedException {
        LocalExecutions c = leading();
        ExecutionRecord started = c.startExecution(PipelineJson.fromJson(RegionalPipeline.pipeline(task)),
                RegionalPipeline.inputs(task), task.requestId());
        long pause = 1;
        try {
            while (true) {
                ExecutionRecord x = leading().execution(started.id())
                        .orElseThrow(() -> new RegionFailure("execution " + started.id() + " disappeared", true));
                if (x.status() == ExecutionStatus.SUCCEEDED) {
                    StageRun run = x.stages().get(task.stageId());
                    return run == null ? null : run.output();
                }
                if (x.status().isTerminal()) {
                    throw new RegionFailure("execution " + x.id() + " " + x.status().name().toLowerCase() + ": "
                            + x.error(), true);
                }
                Thread.sleep(pause);
                pause = Math.min(50, pause * 2);
            }
        } catch (InterruptedException e) {
            coordinator.get().ifPresent(co -> co.cancelExecution(started.id()));
            throw e;
        }
    }

    @Override
    public RegionProbe probe(RegionConfig region) {
        return coordinator.get().map(c -> new RegionProbe(true, 0, 0, null))
                .orElse(new RegionProbe(false, 0, 0, "this coordinator does not lead"));
    }

    private LocalExecutions leading() throws RegionFailure {
        return coordinator.get().orElseThrow(() -> new RegionFailure("this coordinator does not lead", true));
    }
}
