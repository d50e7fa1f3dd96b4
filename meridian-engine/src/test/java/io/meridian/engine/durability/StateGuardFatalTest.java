package io.meridian.engine.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.memory.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An Error in the middle of a change (out of memory while dispatching, say) may leave memory half-changed. */
class StateGuardFatalTest {
    final Fitness fitness = new Fitness();
    final GroupCommitter committer = new GroupCommitter(new InMemoryStore(), fitness);
    final StateGuard guard = new StateGuard(committer, fitness);

    @AfterEach
    void close() {
        committer.close();
    }

    @Test
    void anErrorInsideAChangeMakesTheCoordinatorUnfitAndNothingFurtherIsAcknowledged() {
        assertThatThrownBy(() -> guard.write(work -> {
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(OutOfMemoryError.class);
        assertThat(fitness.fault()).get().extracting(Fitness.Fault::component).isEqualTo("state update");

        assertThatThrownBy(() -> guard.write(work -> {
            work.changed("p", () -> GroupCommitterTest.job("p").getFirst());
            return null;
        })).isInstanceOf(CommitRefusedException.class).hasMessageContaining("OutOfMemoryError");
    }

    @Test
    void anOrdinaryExceptionIsTheCallersProblemNotTheCoordinators() {
        assertThatThrownBy(() -> guard.write(work -> {
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(fitness.fault()).isEmpty();
    }
}
