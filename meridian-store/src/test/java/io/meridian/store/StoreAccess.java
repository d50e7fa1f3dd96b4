package io.meridian.store;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.pipeline.Pipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the contract interfaces need from the test class that runs them: the store under test. Each interface
 * covers one part of the SPI with default test methods, so {@link StoreContractTest} stays readable and every
 * store runs all of them by extending it.
 */
public interface StoreAccess {

    Store storeUnderTest();

    default void write(StoreWrite... writes) {
        storeUnderTest().commit(List.of(writes));
    }

    /** An execution of pipeline {@code pipelineId} version {@code version}, created and last updated as given. */
    static ExecutionRecord executionOf(String id, String pipelineId, int version, ExecutionStatus status,
                                       Instant created, Instant updated) {
        Pipeline p = StoreFixtures.pipeline();
        Pipeline renamed = new Pipeline(pipelineId, p.name(), p.description(), version, p.failurePolicy(),
                p.defaults(), p.stages(), p.inputs());
        return new ExecutionRecord(id, renamed, null, status, Map.of(), null, "req-" + id, created, updated);
    }
}
