package io.meridian.events.triggers;

import io.meridian.events.InTestKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Kafka triggers against a real KRaft broker started inside the test: offsets committed after each start. */
class KafkaTriggerTest extends TriggerSourceContract {
    @TempDir
    static Path dir;
    static InTestKafka kafka;
    static KafkaProducer<String, String> producer;

    private String topic;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new InTestKafka(dir);
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void createTopic() throws Exception {
        topic = "meridian-trigger-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1),
                    new NewTopic(topic + ".dead-letters", 1, (short) 1))).all().get();
        }
    }

    @Override
    SourceSettings source() {
        return new SourceSettings(SourceType.KAFKA, kafka.bootstrapServers(), topic, null, "group-" + topic);
    }

    @Override
    void assertDeadLettered(String id) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic + ".dead-letters", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> letters = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
                return !letters.isEmpty();
            });
            ConsumerRecord<String, String> letter = letters.getFirst();
            assertThat(letter.value()).isEqualTo("this is not JSON");
            assertThat(new String(letter.headers().lastHeader("Meridian-Message-Id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(id);
            assertThat(new String(letter.headers().lastHeader("meridian-reason").value(), StandardCharsets.UTF_8))
                    .contains("not JSON");
        }
    }

    @Override
    void publish(String id, String body) throws Exception {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, body);
        if (id != null) {
            r.headers().add("Meridian-Message-Id", id.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(r).get();
    }
}
