package io.meridian.store.postgres;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreFixtures;
import java.time.Instant;
import java.util.Map;

/** Records for this module's tests, on top of {@link StoreFixtures}. */
final class Records {

    private Records() {}

    static Pipeline pipeline(String id, int version) {
        Pipeline p = StoreFixtures.pipeline();
        return new Pipeline(id, p.name(), p.description(), version, p.failurePolicy(), p.defaults(), p.stages(),
                p.inputs());
    }

    static ExecutionRecord execution(String id, Pipeline pipeline, ExecutionStatus status, Instant created,
                                     Instant updated) {
        return new ExecutionRecord(id, pipeline, null, status, Map.of(), null, null, created, updated);
    }

    static ExecutionRecord execution(String id, ExecutionStatus status, Instant created) {
        return execution(id, StoreFixtures.pipeline(), status, created, created);
    }
}
