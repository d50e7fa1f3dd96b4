package io.meridian.events.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every broker trigger guarantees, run against each real broker: a message delivered or redelivered three
 * times starts one execution; a message that cannot be mapped is rejected and does not hold up the next; a
 * message is acknowledged only after its execution was created, so a consumer stopped in between leaves it to the
 * next one, which finds the execution instead of starting another.
 */
abstract class TriggerSourceContract {
    static final Duration WAIT = Duration.ofSeconds(60);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Where the test's messages are published. */
    abstract SourceSettings source();

    /** Publishes one message, with the id as the broker's id field or header ({@code null}: none). */
    abstract void publish(String id, String body) throws Exception;

    /** Checks the broker recorded the rejected message where its dead letters go (if it has such a place). */
    void assertDeadLettered(String id) throws Exception {}

    TriggerConsumers consume(RecordingTarget target) {
        return TriggerConsumers.start(List.of(new TriggerConsumers.Subscription("orders", source(), target)),
                registry);
    }

    double count(String outcome) {
        var c = registry.find(TriggerMeters.NAME).tag("trigger", "orders").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aMessagePublishedThreeTimesStartsOneExecution() throws Exception {
        RecordingTarget target = new RecordingTarget();
        for (int i = 0; i < 3; i++) {
            publish("order-1", "{\"order\": 1}");
        }
        publish("order-2", "{\"order\": 2}");
        try (TriggerConsumers c = consume(target)) {
            await().atMost(WAIT).until(() -> count("started") + count("duplicate") == 4);
            assertThat(target.executions).containsOnlyKeys("order-1", "order-2");
            assertThat(count("started")).isEqualTo(2);
            assertThat(count("duplicate")).isEqualTo(2);
            assertThat(count("received")).isEqualTo(4);
        }
    }

    @Test
    void aMessageRedeliveredThreeTimesStartsOneExecutionAndIsAcknowledgedOnce() throws Exception {
        RecordingTarget target = new RecordingTarget().failAfterCreating(2);
        publish("order-1", "{\"order\": 1}");
        try (TriggerConsumers c = consume(target)) {
            await().atMost(WAIT).until(() -> count("duplicate") == 1);
            assertThat(target.calls("order-1")).as("delivered 3 times").isEqualTo(3);
            publish("order-2", "{\"order\": 2}");
            await().atMost(WAIT).until(() -> count("started") == 1);
            assertThat(target.executions).containsOnlyKeys("order-1", "order-2");
            assertThat(target.calls("order-1")).as("acknowledged: not delivered again").isEqualTo(3);
        }
    }

    @Test
    void aBadMessageIsRejectedAndDoesNotBlockTheNext() throws Exception {
        RecordingTarget target = new RecordingTarget();
        publish("bad-1", "this is not JSON");
        publish("good-1", "{\"order\": 1}");
        try (TriggerConsumers c = consume(target)) {
            await().atMost(WAIT).until(() -> count("started") == 1);
            assertThat(count("rejected")).isEqualTo(1);
            assertThat(target.executions).containsOnlyKeys("good-1");
            assertThat(target.calls("bad-1")).as("rejected once, not redelivered in a loop").isEqualTo(1);
        }
        assertDeadLettered("bad-1");
    }

    @Test
    void aConsumerStoppedBetweenCreatingAndAcknowledgingLeavesTheMessageToTheNextOne() throws Exception {
        RecordingTarget target = new RecordingTarget().holdAfterCreating();
        publish("order-1", "{\"order\": 1}");
        try (TriggerConsumers c = consume(target)) {
            await().atMost(WAIT).until(() -> target.created.getCount() == 0);
        } // as when the leader steps down: the message is not acknowledged
        assertThat(count("started")).isZero();
        try (TriggerConsumers c = consume(target)) { // the next term
            await().atMost(WAIT).until(() -> count("duplicate") == 1);
            assertThat(target.executions).containsOnlyKeys("order-1");
            assertThat(target.calls("order-1")).isEqualTo(2);
        }
    }
}
