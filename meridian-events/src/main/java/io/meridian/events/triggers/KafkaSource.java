package io.meridian.events.triggers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumes a Kafka topic in a consumer group, committing each record's offset (synchronously) once it was handled;
 * auto-commit is off, so a record not committed is read again by the next consumer of the group. A new group starts
 * at the earliest record kept. The id is the {@code Meridian-Message-Id} header, else {@code TOPIC-PARTITION-OFFSET}.
 * A rejected record is committed past (Kafka has no per-record negative acknowledgement); the consumer logs and
 * counts it.
 */
final class KafkaSource implements MessageSource {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    KafkaSource(String bootstrapServers, String topic, String group, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "meridian-trigger-" + group);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
        consumer.subscribe(List.of(topic));
    }

    @Override
    public List<InboundMessage> poll(Duration wait) {
        List<InboundMessage> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            Header header = r.headers().lastHeader(MessageIds.HEADER);
            String id = header == null ? null : MessageIds.text(header.value());
            batch.add(new InboundMessage(id != null ? id : r.topic() + "-" + r.partition() + "-" + r.offset(),
                    r.value() == null ? new byte[0] : r.value(), r));
        }
        return batch;
    }

    @Override
    public void ack(InboundMessage m) {
        ConsumerRecord<?, ?> r = (ConsumerRecord<?, ?>) m.handle();
        consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)),
                timeout);
    }

    @Override
    public void reject(InboundMessage m, String reason) {
        ack(m);
    }

    @Override
    public void close() {
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            // an interrupted close still releases the client; the group notices the member left by its session
        }
    }
}
