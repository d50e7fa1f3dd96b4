package io.meridian.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.store.JobSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The queue's compact structures behave like the JDK collections they replace: the live-job table like a
 * {@code HashMap} keyed by id under random churn (growth, shrinking, removal from the middle of probe runs), a lane
 * like an {@code ArrayDeque} of tickets, and equal specs are shared without their payloads.
 */
class CompactQueueStructuresTest {
    private static final JobSpec SPEC = new JobSpec("t", null, 5, Requirements.NONE, RetryPolicy.NONE, 60, null,
            null, -1);

    private static JobEntry entry(String id) {
        JobEntry e = new JobEntry(id, SPEC, null, Instant.EPOCH);
        e.status = JobStatus.WAITING;
        return e;
    }

    @Test
    void liveJobsMatchAHashMapUnderRandomChurn() {
        LiveJobs live = new LiveJobs();
        Map<String, JobEntry> expected = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            // few distinct ids, so runs collide and removals hit the middle of probe sequences; half of them in the
            // form kept as two longs, half kept as text
            int n = random.nextInt(step < 100_000 ? 5_000 : 300);
            String id = n % 2 == 0 ? "j" + n : String.format("j%011x%06x%06x", 1_700_000_000_000L + n % 7, n, 0xabc);
            switch (random.nextInt(3)) {
                case 0 -> {
                    JobEntry e = entry(id);
                    live.put(e);
                    expected.put(id, e);
                }
                case 1 -> assertThat(live.remove(id)).isSameAs(expected.remove(id));
                default -> assertThat(live.get(id)).isSameAs(expected.get(id));
            }
        }
        assertThat(live.size()).isEqualTo(expected.size());
        assertThat(live.values()).containsExactlyInAnyOrderElementsOf(expected.values());
        for (String id : List.copyOf(expected.keySet())) {
            assertThat(live.remove(id)).isSameAs(expected.remove(id));
            assertThat(live.containsKey(id)).isFalse();
        }
        assertThat(live.size()).isZero();
        assertThat(live.values()).isEmpty();
    }

    @Test
    void idsOfTheQueuesOwnFormAreKeptAsTwoLongsAndComeBackUnchanged() {
        String made = JobIds.next("j", 1_765_000_000_000L);
        assertThat(CompactJobIds.fits(made)).isTrue();
        assertThat(entry(made).id()).isEqualTo(made);
        for (String other : List.of("j1", "x019afc3c2a8000001a3f9c0", "j019AFC3C2A8000001A3F9C0", "j019afc3c2a8000001a3f9c",
                "j019afc3c2a8000001a3f9c0z", "j-19afc3c2a8000001a3f9c0", "j019afc3c2a8000001a3f9cg",
                "j019afc3c2a\u00e9000001a3f9c0", "j019afc3c2a80000\u06611a3f9c0")) {
            assertThat(CompactJobIds.fits(other)).as(other).isFalse();
            assertThat(entry(other).id()).isEqualTo(other);
        }
        LiveJobs live = new LiveJobs();
        live.put(entry(made));
        assertThat(live.get(made).id()).isEqualTo(made);
        assertThat(live.get(made.toUpperCase())).as("another id, even if it reads the same in hex").isNull();
    }

    @Test
    void aLaneIsAFifoOfCurrentTicketsThatGrowsAndShrinks() {
        Lane lane = new Lane();
        ArrayDeque<JobEntry> expected = new ArrayDeque<>();
        List<JobEntry> jobs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            JobEntry e = entry("j" + i);
            e.queueSeq = i + 1;
            jobs.add(e);
            if (i % 10 == 0) {
                lane.addFirst(e, e.queueSeq);
                expected.addFirst(e);
            } else {
                lane.addLast(e, e.queueSeq);
                expected.addLast(e);
            }
        }
        jobs.get(7).queueSeq = -1; // left the queue: its ticket is stale
        expected.remove(jobs.get(7));
        assertThat(lane.currentCount()).isEqualTo(999);
        while (!expected.isEmpty()) {
            while (!lane.headIsCurrent()) {
                lane.pollFirst();
            }
            assertThat(lane.headJob()).isSameAs(expected.pollFirst());
            lane.pollFirst();
        }
        assertThat(lane.isEmpty()).isTrue();
    }

    @Test
    void equalSpecsAreSharedWithoutTheirPayloadsButPipelineJobsOnlyStripped() {
        SpecInterner specs = new SpecInterner();
        JobSpec a = specs.intern(SPEC.withPayload(io.meridian.model.json.Json.parse("{\"n\":1}")));
        JobSpec b = specs.intern(SPEC.withPayload(io.meridian.model.json.Json.parse("{\"n\":2}")));
        assertThat(a).isSameAs(b);
        assertThat(a.payload()).isNull();

        JobSpec item = new JobSpec("t", io.meridian.model.json.Json.object(), 5, Requirements.NONE, RetryPolicy.NONE,
                60, "e1", "s", 3);
        assertThat(specs.intern(item)).isEqualTo(item.withPayload(null)).isNotSameAs(specs.intern(item));
    }
}
