package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.model.text.InvalidFieldException;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.store.memory.InMemoryStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What workers send is checked before it reaches the registry, a log line or a store: registrations by field
 * rules, and results and errors made storable (a NUL in a result fails that job only).
 */
class WorkerInputRulesTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    static WorkerRegistration registration(String id, String host, String region, List<String> caps,
                                           Map<String, String> labels) {
        return new WorkerRegistration(id, "inc-1", host, 1, caps, 2, 1024, 0, 4, region, 0, labels, "t");
    }

    @Test
    void registrationsWithHostileIdsOrTextAreRefusedNamingTheField() {
        assertRefused(registration("w\u0000x", "h", null, List.of(), Map.of()), "worker_id", "charset");
        assertRefused(registration("../../x", "h", null, List.of(), Map.of()), "worker_id", "charset");
        assertRefused(registration("w\nERROR forged", "h", null, List.of(), Map.of()), "worker_id", "charset");
        assertRefused(registration("w".repeat(129), "h", null, List.of(), Map.of()), "worker_id", "too_long");
        assertRefused(registration("w", "h\u0000", null, List.of(), Map.of()), "host", "charset");
        assertRefused(registration("w", "h", "eu\u0000", List.of(), Map.of()), "region", "charset");
        assertRefused(registration("w", "h", null, List.of("gpu", "a\u0000"), Map.of()), "capabilities[1]", "charset");
        assertRefused(registration("w", "h", null, List.of(), Map.of("zone", "a\u0000")), "labels.zone", "charset");
        assertRefused(registration("w", "h", null, List.of(), Map.of("k\u0000", "v")), "labels key", "charset");
        assertThat(coordinator.workers()).isEmpty();
    }

    @Test
    void aRegistrationAtEveryLimitIsAccepted() {
        var caps = java.util.stream.IntStream.range(0, 64).mapToObj(i -> "c" + i).toList();
        Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < 64; i++) {
            labels.put("k" + i, "v".repeat(255));
        }
        coordinator.leases().register(registration("w".repeat(128), "h".repeat(255), "r".repeat(64), caps, labels));
        assertThat(coordinator.workers()).hasSize(1);

        List<String> tooMany = new java.util.ArrayList<>(caps);
        tooMany.add("one-more");
        assertRefused(registration("x", "h", null, tooMany, Map.of()), "capabilities", "too_many");
    }

    private void assertRefused(WorkerRegistration r, String field, String rule) {
        assertThatThrownBy(() -> coordinator.leases().register(r)).isInstanceOfSatisfying(
                InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).doesNotContain("\u0000").doesNotContain("\n");
                });
    }

    @Test
    void aResultHoldingANulFailsItsOwnJobWithAClearErrorAndNoRetry() {
        String id = coordinator.submit(JobQueueTest.job("t", 5), null).id();
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        LeaseRef lease = w.take(1).get(0).lease();

        assertThat(w.succeed(lease, Json.parse("{\"rows\": [\"ok\", \"bad\\u0000\"]}")).refused()).isEmpty();

        var state = store.job(id).orElseThrow().state();
        assertThat(state.status()).isEqualTo(JobStatus.FAILED);
        assertThat(state.error()).startsWith("invalid_result: ").contains("NUL", "/rows/1");
        assertThat(state.result()).isNull();
    }

    @Test
    void errorTextsLoseControlCharactersAndAreCutToTheirLimit() {
        String id = coordinator.submit(JobQueueTest.job("t", 5), null).id();
        TestWorker w = new TestWorker(coordinator.leases(), "w");
        LeaseRef lease = w.take(1).get(0).lease();

        w.fail(lease, "bad\u0000byte\nsecond line " + "x".repeat(20_000), true);

        String error = store.job(id).orElseThrow().state().error();
        assertThat(error).doesNotContain("\u0000").contains("bad\uFFFDbyte\nsecond line").contains("(cut: ");
        assertThat(error.length()).isLessThan(16 * 1024 + 100);
    }
}
