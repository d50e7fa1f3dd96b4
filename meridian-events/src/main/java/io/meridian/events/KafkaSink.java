package io.meridian.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends each event to a Kafka topic, keyed by its execution (so one execution's events share a partition and stay
 * in order), with {@code acks=all} and the idempotent producer (a retried send is not written twice). A batch is
 * delivered when every record was acknowledged by all in-sync replicas.
 */
final class KafkaSink implements EventSink {

    private static final byte[] CONTENT_TYPE = SinkMessage.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    KafkaSink(String bootstrapServers, String topic, Duration timeout) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // a delivery batch (2,000 events by default, ~1 MB) fits in a few producer batches per partition, not dozens
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis + 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void deliver(List<SinkMessage> batch) throws Exception {
        send(batch).await();
    }

    /** Hands the batch to the producer; the returned {@link Sent} waits for every record's acknowledgement. */
    @Override
    public Sent send(List<SinkMessage> batch) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        for (SinkMessage m : batch) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, m.orderingKey(), m.body());
            r.headers().add("ce_id", Long.toString(m.sequence()).getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_type", m.type().getBytes(StandardCharsets.UTF_8));
            r.headers().add("content-type", CONTENT_TYPE);
            if (m.traceparent() != null) {
                r.headers().add(SinkMessage.TRACEPARENT, m.traceparent().getBytes(StandardCharsets.UTF_8));
            }
            sent.add(producer.send(r));
        }
        return () -> {
            producer.flush(); // the records still lingering go out now, not after linger.ms
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (ExecutionException e) {
                    throw new PartlyDelivered(i, new IllegalStateException("Kafka refused a record for " + topic
                            + ": " + e.getCause(), e));
                }
            }
        };
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
