package io.meridian.events;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Appends each event to a Redis stream with {@code XADD}: fields {@code id}, {@code sequence}, {@code type},
 * {@code key} (the execution), {@code event} (the CloudEvent JSON) and, for a traced execution's event,
 * {@code traceparent}. A batch is pipelined (one flush) and
 * delivered when Redis answered every command.
 */
final class RedisStreamSink implements EventSink {

    private final RedisClient client;
    private final String stream;
    private final Duration timeout;
    private StatefulRedisConnection<String, String> connection;

    RedisStreamSink(String url, String stream, Duration timeout) {
        this.client = RedisClient.create(url);
        this.stream = stream;
        this.timeout = timeout;
    }

    @Override
    public void deliver(List<SinkMessage> batch) throws Exception {
        StatefulRedisConnection<String, String> c = connection();
        List<RedisFuture<String>> sent = new ArrayList<>(batch.size());
        c.setAutoFlushCommands(false);
        try {
            for (SinkMessage m : batch) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("id", m.id());
                fields.put("sequence", Long.toString(m.sequence()));
                fields.put("type", m.type());
                fields.put("key", m.orderingKey());
                fields.put("event", new String(m.body(), StandardCharsets.UTF_8));
                if (m.traceparent() != null) {
                    fields.put(SinkMessage.TRACEPARENT, m.traceparent());
                }
                sent.add(c.async().xadd(stream, fields));
            }
            c.flushCommands();
        } finally {
            c.setAutoFlushCommands(true);
        }
        if (!LettuceFutures.awaitAll(timeout, sent.toArray(new RedisFuture[0]))) {
            throw new TimeoutException("Redis did not answer XADD " + stream + " within " + timeout.toMillis() + " ms");
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new PartlyDelivered(i, new IllegalStateException("XADD " + stream + " failed: "
                        + e.getCause().getMessage(), e));
            }
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect();
            connection.setTimeout(timeout);
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
