package io.meridian.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.worker.sdk.TaskHandler;
import org.junit.jupiter.api.Test;

/** Mistakes in setting up an embedded worker are refused at once, saying what to do, before any network call. */
class MeridianWorkerBuilderTest {
    record In(String text) {}

    static final TaskHandler ONE = TaskHandler.typed("word_count", In.class, (in, ctx) -> in);

    @Test
    void aWorkerWithoutACoordinatorIsRefused() {
        assertThatThrownBy(() -> MeridianWorker.builder().handler(ONE).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("coordinator(url)");
    }

    @Test
    void aWorkerWithoutHandlersIsRefused() {
        assertThatThrownBy(() -> MeridianWorker.builder().coordinator("http://127.0.0.1:1").start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no handler");
    }

    @Test
    void twoHandlersOfOneTypeAreRefusedNamingBoth() {
        TaskHandler other = TaskHandler.typed("word_count", In.class, (in, ctx) -> in);
        assertThatThrownBy(() -> MeridianWorker.builder().handler(ONE).handler(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two handlers for stage type 'word_count'");
    }
}
