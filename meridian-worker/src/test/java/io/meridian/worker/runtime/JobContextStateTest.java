package io.meridian.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.worker.sdk.Lock;
import io.meridian.worker.sdk.TaskFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobContextStateTest {
    final TestingTaskState state = new TestingTaskState();
    final UpstreamOutputs upstream = new UpstreamOutputs(state, UpstreamOutputs.DEFAULT_MAX_BYTES);

    static LeaseGrant grant(String executionId) {
        return new LeaseGrant(new LeaseRef("job-1", 2), "t", Json.object(), "k", 5, null, null, executionId,
                executionId == null ? null : "stage", 0);
    }

    final JobContext ctx = new JobContext(grant("x-1"), TaskResources.NONE, state, upstream, "worker-9");

    @Test
    void locksAreOwnedByThisWorkerJobAndAttempt() {
        Lock lock = ctx.locks().acquire("r", Duration.ofSeconds(5)).orElseThrow();
        assertThat(lock.owner()).isEqualTo("worker-9/job-1#2");
        assertThat(ctx.locks().get("r")).contains(lock);
        assertThat(ctx.locks().acquire("r", Duration.ofSeconds(5))).isEmpty();
        assertThat(ctx.locks().release(lock)).isTrue();
        assertThat(ctx.locks().release(lock)).isFalse();
    }

    @Test
    void withLockReleasesAfterTheWorkHoweverItEnds() throws Exception {
        long token = ctx.locks().withLock("r", Duration.ofSeconds(5), Lock::fencingToken);
        assertThat(token).isEqualTo(1);
        assertThat(state.held).isEmpty();
        assertThatThrownBy(() -> ctx.locks().withLock("r", Duration.ofSeconds(5), lock -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(state.held).isEmpty();
    }

    @Test
    void withLockOnAHeldLockFailsTheAttemptRetryably() {
        Lock other = new JobContext(grant("x-2"), TaskResources.NONE, state, upstream, "worker-1").locks()
                .acquire("r", Duration.ofSeconds(5)).orElseThrow();
        assertThatThrownBy(() -> ctx.locks().withLock("r", Duration.ofSeconds(5), lock -> "never"))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.type()).isEqualTo("lock_held");
                    assertThat(f.nonRetryable()).isFalse();
                    assertThat(f.getMessage()).contains("held by " + other.owner());
                });
    }

    @Test
    void checkpointsBelongToTheJobsExecutionAndStage() {
        ctx.checkpoint("epoch-3", Json.object().put("loss", 0.1));
        assertThat(state.checkpoints).singleElement().satisfies(c -> {
            assertThat(c.executionId()).isEqualTo("x-1");
            assertThat(c.stageId()).isEqualTo("stage");
            assertThat(c.checkpointId()).isEqualTo("epoch-3");
        });
        JobContext standalone = new JobContext(grant(null), TaskResources.NONE, state, upstream, "w");
        assertThatThrownBy(() -> standalone.checkpoint("c", null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("submitted straight to the queue");
    }
}
