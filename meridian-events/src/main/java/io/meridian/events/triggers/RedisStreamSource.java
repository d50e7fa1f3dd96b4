package io.meridian.events.triggers;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Redis stream in a consumer group ({@code XREADGROUP}, created at the stream's start when missing), as the
 * one consumer {@value #CONSUMER}: whichever coordinator leads is that consumer, so entries a previous leader read
 * but never acknowledged are still pending under the name, and are read again first. An entry is acknowledged with
 * {@code XACK}. The message is the entry's {@code body} field; the id its {@code id} field, else the entry id. A
 * rejected entry is copied to the stream {@code STREAM:dead-letters} (fields {@code entry}, {@code id},
 * {@code reason}, {@code body}) and then acknowledged.
 */
final class RedisStreamSource implements MessageSource {
    static final String CONSUMER = "meridian";
    private static final int BATCH = 64;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String stream;
    private final String group;
    /** Entries this consumer read before (a previous term's pending ones) are read again before new ones. */
    private boolean pendingRead;

    RedisStreamSource(String url, String stream, String group, Duration timeout) {
        this.client = RedisClient.create(url);
        this.stream = stream;
        this.group = group;
        try {
            connection = client.connect();
            connection.setTimeout(timeout.plusSeconds(2)); // beyond the longest blocking read
            redis = connection.sync();
            try {
                redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException e) {
                // BUSYGROUP: the group exists and keeps its position
            }
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public List<InboundMessage> poll(Duration wait) {
        List<StreamMessage<String, String>> entries;
        if (!pendingRead) {
            entries = redis.xreadgroup(Consumer.from(group, CONSUMER), XReadArgs.Builder.count(BATCH),
                    XReadArgs.StreamOffset.from(stream, "0"));
            if (entries.isEmpty()) {
                pendingRead = true;
            }
        } else {
            entries = redis.xreadgroup(Consumer.from(group, CONSUMER), XReadArgs.Builder.count(BATCH)
                    .block(Math.max(1, wait.toMillis())), XReadArgs.StreamOffset.lastConsumed(stream));
        }
        List<InboundMessage> batch = new ArrayList<>();
        for (StreamMessage<String, String> e : entries) {
            Map<String, String> fields = e.getBody() == null ? Map.of() : e.getBody();
            String id = MessageIds.text(fields.get("id"));
            String body = fields.get("body");
            batch.add(new InboundMessage(id != null ? id : e.getId(),
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8), e.getId()));
        }
        return batch;
    }

    @Override
    public void ack(InboundMessage m) {
        redis.xack(stream, group, (String) m.handle());
    }

    @Override
    public void reject(InboundMessage m, String reason) {
        Map<String, String> letter = new LinkedHashMap<>();
        letter.put("entry", (String) m.handle());
        letter.put("id", m.id());
        letter.put("reason", reason);
        letter.put("body", m.body() == null ? "" : new String(m.body(), StandardCharsets.UTF_8));
        redis.xadd(stream + ":dead-letters", letter);
        ack(m);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
