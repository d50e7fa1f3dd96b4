package io.meridian.model.execution;

import static io.meridian.model.execution.JobStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every pair of states (and creation), checked against the table written out here once more, by hand. */
class JobTransitionsTest {
    /** null stands for "a job being created". */
    private static final Map<JobStatus, Set<JobStatus>> LEGAL = new java.util.HashMap<>();

    static {
        LEGAL.put(null, EnumSet.of(WAITING, DELAYED, PAUSED));
        LEGAL.put(WAITING, EnumSet.of(WAITING, LEASED, PAUSED, CANCELLED));
        LEGAL.put(DELAYED, EnumSet.of(DELAYED, WAITING, PAUSED, CANCELLED));
        LEGAL.put(PAUSED, EnumSet.of(WAITING, DELAYED, CANCELLED));
        LEGAL.put(LEASED, EnumSet.of(RUNNING, SUCCEEDED, FAILED, DELAYED, WAITING, DEAD, CANCELLED));
        LEGAL.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, DELAYED, WAITING, DEAD, CANCELLED));
        LEGAL.put(SUCCEEDED, EnumSet.noneOf(JobStatus.class));
        LEGAL.put(FAILED, EnumSet.of(WAITING));
        LEGAL.put(CANCELLED, EnumSet.of(WAITING));
        LEGAL.put(DEAD, EnumSet.of(WAITING));
    }

    @Test
    void everyLegalMoveIsAcceptedAndEveryOtherRefused() {
        List<JobStatus> froms = new ArrayList<>(Arrays.asList(JobStatus.values()));
        froms.add(null);
        int legal = 0;
        int illegal = 0;
        for (JobStatus from : froms) {
            for (JobStatus to : JobStatus.values()) {
                if (LEGAL.get(from).contains(to)) {
                    assertThat(JobTransitions.allowed(from, to)).as("%s -> %s", from, to).isTrue();
                    JobTransitions.check("j1", from, to);
                    legal++;
                } else {
                    assertThat(JobTransitions.allowed(from, to)).as("%s -> %s", from, to).isFalse();
                    assertThatThrownBy(() -> JobTransitions.check("j1", from, to))
                            .isInstanceOf(IllegalJobTransition.class);
                    illegal++;
                }
            }
        }
        assertThat(legal + illegal).isEqualTo(10 * 9);
        assertThat(legal).isEqualTo(LEGAL.values().stream().mapToInt(Set::size).sum());
    }

    @Test
    void theRefusalSaysWhichJobWhatMoveAndWhatWouldHaveBeenAllowed() {
        assertThatThrownBy(() -> JobTransitions.check("j-42", SUCCEEDED, RUNNING))
                .isInstanceOf(IllegalJobTransition.class)
                .hasMessage("job j-42 cannot move from succeeded to running; allowed from there: []");
        assertThatThrownBy(() -> JobTransitions.check("j-43", FAILED, LEASED))
                .hasMessage("job j-43 cannot move from failed to leased; allowed from there: [waiting]");
        assertThatThrownBy(() -> JobTransitions.check("j-44", null, RUNNING))
                .hasMessageContaining("from (new) to running");
    }

    @Test
    void terminalStatesLeadNowhereButBackToTheQueueAndSuccessNowhereAtAll() {
        for (JobStatus s : JobStatus.values()) {
            if (s.isTerminal()) {
                assertThat(JobTransitions.next(s)).isSubsetOf(WAITING);
            }
        }
        assertThat(JobTransitions.next(SUCCEEDED)).isEmpty();
    }
}
