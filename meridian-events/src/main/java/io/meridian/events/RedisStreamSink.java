package io.meridian.events;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
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
 * delivered when Redis answered every command; the next batch is prepared while Redis works on this one.
 */
final class RedisStreamSink implements EventSink {

    private static final byte[] ID = bytes("id");
    private static final byte[] SEQUENCE = bytes("sequence");
    private static final byte[] TYPE = bytes("type");
    private static final byte[] KEY = bytes("key");
    private static final byte[] EVENT = bytes("event");
    private static final byte[] TRACEPARENT = bytes(SinkMessage.TRACEPARENT);

    private final RedisClient client;
    private final String stream;
    private final byte[] streamKey;
    private final Duration timeout;
    // bytes, not strings: the event's JSON goes out as it was serialized, without a round trip through a String
    // (that decoding and re-encoding was the largest cost of a batch in a profile)
    private StatefulRedisConnection<byte[], byte[]> connection;

    RedisStreamSink(String url, String stream, Duration timeout) {
        this.client = RedisClient.create(url);
        this.stream = stream;
        this.streamKey = bytes(stream);
        this.timeout = timeout;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void deliver(List<SinkMessage> batch) throws Exception {
        send(batch).await();
    }

    /** Pipelines the batch's {@code XADD}s in one flush; the answers are awaited by the returned {@link Sent}. */
    @Override
    public Sent send(List<SinkMessage> batch) {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        List<RedisFuture<String>> sent = new ArrayList<>(batch.size());
        c.setAutoFlushCommands(false);
        try {
            for (SinkMessage m : batch) {
                Map<byte[], byte[]> fields = new LinkedHashMap<>(8);
                fields.put(ID, bytes(m.id()));
                fields.put(SEQUENCE, bytes(Long.toString(m.sequence())));
                fields.put(TYPE, bytes(m.type()));
                fields.put(KEY, bytes(m.orderingKey()));
                fields.put(EVENT, m.body());
                if (m.traceparent() != null) {
                    fields.put(TRACEPARENT, bytes(m.traceparent()));
                }
                sent.add(c.async().xadd(streamKey, fields));
            }
            c.flushCommands();
        } finally {
            c.setAutoFlushCommands(true);
        }
        return () -> awaitAnswers(sent);
    }

    private void awaitAnswers(List<RedisFuture<String>> sent) throws Exception {
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

    private StatefulRedisConnection<byte[], byte[]> connection() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect(ByteArrayCodec.INSTANCE);
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
