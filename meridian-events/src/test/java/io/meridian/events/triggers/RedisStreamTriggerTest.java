package io.meridian.events.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meridian.events.RequiresBroker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redis stream triggers against the server on 127.0.0.1:6379: a consumer group, entries acknowledged with XACK. */
@ExtendWith(RequiresBroker.Redis.class)
class RedisStreamTriggerTest extends TriggerSourceContract {
    static final String URL = "redis://127.0.0.1:6379";

    private final String stream = "meridian-trigger-test-" + UUID.randomUUID();
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void connect() {
        client = RedisClient.create(URL);
        redis = client.connect();
    }

    @AfterEach
    void cleanUp() {
        redis.sync().del(stream, stream + ":dead-letters");
        redis.close();
        client.shutdown();
    }

    @Override
    SourceSettings source() {
        return new SourceSettings(SourceType.REDIS_STREAM, URL, stream, null, null);
    }

    @Override
    void publish(String id, String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (id != null) {
            fields.put("id", id);
        }
        fields.put("body", body);
        redis.sync().xadd(stream, fields);
    }

    @Override
    void assertDeadLettered(String id) {
        var letters = redis.sync().xrange(stream + ":dead-letters", io.lettuce.core.Range.create("-", "+"));
        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().getBody()).containsEntry("id", id).containsEntry("body", "this is not JSON");
        assertThat(letters.getFirst().getBody().get("reason")).contains("not JSON");
        assertThat(redis.sync().xpending(stream, "meridian-orders").getCount()).as("nothing left pending").isZero();
    }
}
