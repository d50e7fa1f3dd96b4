package io.meridian.store;

import static io.meridian.store.StoreFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import io.meridian.store.StoreWrite.PutCheckpoint;
import io.meridian.store.query.Checkpoint;
import org.junit.jupiter.api.Test;

/** Checkpoints linked to executions with {@link StoreWrite.PutCheckpoint}, read with {@link Store#checkpoints}. */
public interface CheckpointContract extends StoreAccess {

    @Test
    default void checkpointsAreListedOldestFirstPerExecution() {
        Checkpoint second = new Checkpoint("e1", "ckpt-2", "train", Json.parse("{\"epoch\":2,\"loss\":0.5}"), at(20));
        Checkpoint first = new Checkpoint("e1", "ckpt-1", null, null, at(10));
        Checkpoint elsewhere = new Checkpoint("e2", "ckpt-1", "train", Json.parse("{\"a\":[1,2]}"), at(5));
        write(new PutCheckpoint(second), new PutCheckpoint(first), new PutCheckpoint(elsewhere));
        assertThat(storeUnderTest().checkpoints("e1")).containsExactly(first, second);
        assertThat(storeUnderTest().checkpoints("e2")).containsExactly(elsewhere);
        assertThat(storeUnderTest().checkpoints("none")).isEmpty();
    }

    @Test
    default void linkingTheSameCheckpointAgainReplacesIt() {
        write(new PutCheckpoint(new Checkpoint("e", "c1", "s", Json.parse("{\"v\":1}"), at(1))),
                new PutCheckpoint(new Checkpoint("e", "c2", "s", null, at(2))));
        Checkpoint again = new Checkpoint("e", "c1", "s2", Json.parse("{\"v\":2}"), at(3));
        write(new PutCheckpoint(again));
        assertThat(storeUnderTest().checkpoints("e")).extracting(Checkpoint::checkpointId).containsExactly("c2", "c1");
        assertThat(storeUnderTest().checkpoints("e").getLast()).isEqualTo(again);
    }

    @Test
    default void checkpointsWrittenInTheSameMillisecondKeepTheirOrder() {
        write(new PutCheckpoint(new Checkpoint("e", "z", null, null, at(7))),
                new PutCheckpoint(new Checkpoint("e", "a", null, null, at(7))));
        write(new PutCheckpoint(new Checkpoint("e", "m", null, null, at(7))));
        assertThat(storeUnderTest().checkpoints("e")).extracting(Checkpoint::checkpointId).containsExactly("z", "a", "m");
    }
}
