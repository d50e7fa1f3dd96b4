package io.meridian.events.triggers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a Kafka topic in a consumer group, committing each record's offset (synchronously) once it was handled;
 * auto-commit is off, so a record not committed is read again by the next consumer of the group. A new group starts
 * at the earliest record kept. The id is the {@code Meridian-Message-Id} header, else {@code TOPIC-PARTITION-OFFSET}.
 * A rejected record is copied to the topic {@code TOPIC.dead-letters} (headers {@code Meridian-Message-Id},
 * {@code meridian-reason}, {@code meridian-origin}: topic-partition-offset), then committed past. A dead letter
 * that cannot be written is logged and the record committed anyway: it must not be read again in a loop.
 */
final class KafkaSource implements MessageSource {

    private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    /** Made on the first dead letter: most triggers never need one. */
    private KafkaProducer<byte[], byte[]> deadLetters;

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
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
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
    public void reject(InboundMessage m, String reason) throws InterruptedException {
        ConsumerRecord<?, ?> r = (ConsumerRecord<?, ?>) m.handle();
        String origin = r.topic() + "-" + r.partition() + "-" + r.offset();
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic + ".dead-letters", m.body());
        letter.headers().add(MessageIds.HEADER, m.id().getBytes(StandardCharsets.UTF_8))
                .add("meridian-reason", reason.getBytes(StandardCharsets.UTF_8))
                .add("meridian-origin", origin.getBytes(StandardCharsets.UTF_8));
        try {
            producer().send(letter).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.warn("the dead letter of record {} could not be written to {}.dead-letters ({}); it is skipped",
                    origin, topic, e.toString());
        }
        ack(m);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (deadLetters == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis + 5);
            deadLetters = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return deadLetters;
    }

    @Override
    public void close() {
        if (deadLetters != null) {
            try {
                deadLetters.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                // as below: closing anyway
            }
        }
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            // an interrupted close still releases the client; the group notices the member left by its session
        }
    }
}
