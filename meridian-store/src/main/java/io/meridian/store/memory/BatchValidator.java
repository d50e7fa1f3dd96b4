package io.meridian.store.memory;

import io.meridian.store.ExecutionRecord;
import io.meridian.store.JobRecord;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rejects a batch that a database would reject, before anything of it is applied. */
final class BatchValidator {

    private BatchValidator() {}

    static void validate(List<StoreWrite> writes, Map<String, String> executionIdByRequestId,
                         Set<String> storedExecutions, long lastEventSequence) {
        long expected = lastEventSequence + 1;
        Map<String, String> requestIdsInBatch = new HashMap<>();
        Set<String> putInBatch = new HashSet<>();
        for (StoreWrite write : writes) {
            switch (write) {
                case StoreWrite.PutExecution(ExecutionRecord e) -> {
                    require(e != null && e.id() != null && e.pipeline() != null && e.status() != null
                            && e.createdAt() != null && e.updatedAt() != null
                            && e.stages().values().stream().allMatch(r -> r != null && r.stageId() != null
                                    && r.status() != null), "incomplete execution", e);
                    putInBatch.add(e.id());
                    if (e.requestId() != null) {
                        String owner = requestIdsInBatch.putIfAbsent(e.requestId(), e.id());
                        owner = owner != null ? owner : executionIdByRequestId.get(e.requestId());
                        require(owner == null || owner.equals(e.id()), "request id already used by " + owner, e);
                    }
                }
                case StoreWrite.PutExecutionStatus s -> {
                    require(s.executionId() != null && s.status() != null && s.updatedAt() != null,
                            "incomplete execution status", s);
                    requireStored(s.executionId(), storedExecutions, putInBatch);
                }
                case StoreWrite.PutStage(String executionId, var run) -> {
                    require(executionId != null && run != null && run.stageId() != null && run.status() != null,
                            "incomplete stage", executionId);
                    requireStored(executionId, storedExecutions, putInBatch);
                }
                case StoreWrite.PutJob(JobRecord j) -> require(j != null && j.id() != null && j.spec() != null
                        && j.spec().type() != null && j.state() != null && j.state().status() != null
                        && j.state().updatedAt() != null && j.createdAt() != null, "incomplete job", j);
                case StoreWrite.PutPipeline(var p) -> require(p != null && p.id() != null, "incomplete pipeline", p);
                case StoreWrite.PutCheckpoint(var c) -> require(c != null && c.executionId() != null
                        && c.checkpointId() != null && c.createdAt() != null, "incomplete checkpoint", c);
                case StoreWrite.PutSchedule(var s) -> require(s != null && s.id() != null && s.pipelineId() != null
                        && (s.cron() == null) != (s.every() == null) && s.zone() != null && s.missedFire() != null
                        && s.overlap() != null && s.createdAt() != null && s.updatedAt() != null,
                        "incomplete schedule", s);
                case StoreWrite.DeleteSchedule(var id) -> require(id != null, "schedule delete without an id", id);
                case StoreWrite.AppendEvents(var events) -> {
                    for (var e : events) {
                        require(e != null, "null event", events);
                        require(e.sequence() == expected, "event sequence " + e.sequence() + " does not continue the "
                                + "log (expected " + expected + ")", e.type());
                        expected++;
                    }
                }
                case null -> throw new StoreException("null write in batch");
            }
        }
    }

    private static void requireStored(String executionId, Set<String> stored, Set<String> putInBatch) {
        require(stored.contains(executionId) || putInBatch.contains(executionId), "no execution to update",
                executionId);
    }

    private static void require(boolean ok, String problem, Object record) {
        if (!ok) {
            throw new StoreException("rejected batch: " + problem + ": " + record);
        }
    }
}
