package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka sink against a real KRaft broker started inside the test. */
class KafkaSinkTest {
    @TempDir
    static Path dir;
    static InTestKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new InTestKafka(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String topic() throws Exception {
        String topic = "meridian-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        return topic;
    }

    /** Every record of the topic, partition by partition (one execution's records share a partition). */
    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            // distinct events: a batch whose acknowledgement timed out is sent again (at least once)
            java.util.Set<String> distinct = new java.util.HashSet<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    all.add(r);
                    distinct.add(new String(r.headers().lastHeader("ce_id").value()));
                }
                return distinct.size() >= expected;
            });
        }
        return all;
    }

    private long deliver(String topic, int events, int executions) {
        ListFeed feed = new ListFeed();
        feed.append(events, executions);
        long start = System.nanoTime();
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("lake", SinkType.KAFKA,
                kafka.bootstrapServers(), topic)), feed, new InMemoryStore().sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> d.cursor("lake") == events);
        }
        return System.nanoTime() - start;
    }

    @Test
    void everyEventIsAcknowledgedKeyedByExecutionAndInOrderPerExecution() throws Exception {
        String topic = topic();
        deliver(topic, 2_000, 5);
        List<ConsumerRecord<String, byte[]>> records = consume(topic, 2_000);
        assertThat(SinkFixtures.sequencesInOrderPerExecution(records.stream().map(ConsumerRecord::value).toList()))
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 2_000).boxed().toList());
        ConsumerRecord<String, byte[]> first = records.stream().filter(r -> r.key().equals("x1")).findFirst()
                .orElseThrow();
        assertThat(new String(first.headers().lastHeader("ce_type").value())).isEqualTo("job.queued");
    }

    @Test
    void aTracedExecutionsRecordsCarryATraceparentHeader() throws Exception {
        String topic = topic();
        ListFeed feed = new ListFeed();
        feed.append(20, 2);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("lake", SinkType.KAFKA,
                kafka.bootstrapServers(), topic)), feed, new InMemoryStore().sinkCursors(), new SimpleMeterRegistry(),
                SinkFixtures.X1_TRACED)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> d.cursor("lake") == 20);
        }
        List<ConsumerRecord<String, byte[]>> records = consume(topic, 20);
        assertThat(records).allSatisfy(r -> {
            var header = r.headers().lastHeader("traceparent");
            if (r.key().equals("x1")) {
                assertThat(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(SinkFixtures.TRACEPARENT);
            } else {
                assertThat(header).isNull();
            }
        });
    }

    @Test
    void benchmarkDeliveryRate() throws Exception {
        String topic = topic();
        int events = 60_000;
        ListFeed feed = new ListFeed();
        feed.append(events, 100);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("kafka", SinkType.KAFKA,
                kafka.bootstrapServers(), topic)), feed, new InMemoryStore().sinkCursors(), new SimpleMeterRegistry())) {
            SinkFixtures.measureSteadyRate(d, "kafka", 10_000, events);
        }
        assertThat(consume(topic, events)).hasSize(events);
    }
}
