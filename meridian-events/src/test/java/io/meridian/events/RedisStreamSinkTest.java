package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meridian.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis Streams sink against the Redis server on 127.0.0.1:6379. */
@org.junit.jupiter.api.extension.ExtendWith(RequiresBroker.Redis.class)
class RedisStreamSinkTest {
    static final String URL = "redis://127.0.0.1:6379";

    private final String stream = "meridian-test-" + UUID.randomUUID();
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void connect() {
        client = RedisClient.create(URL);
        redis = client.connect();
    }

    @AfterEach
    void cleanUp() {
        redis.sync().del(stream);
        redis.close();
        client.shutdown();
    }

    private List<byte[]> received() {
        return redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+")).stream()
                .map(StreamMessage::getBody).map(b -> b.get("event").getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void everyEventArrivesOnceInOrderAndTheCursorAndLagFollow() {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        feed.append(1_200, 7);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("redis", SinkType.REDIS_STREAM,
                URL, stream)), feed, store.sinkCursors(), registry)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> store.sinkCursors().position("redis") == 1_200);
            assertThat(registry.get("meridian_sink_lag_events").tag("sink", "redis").gauge().value()).isZero();
            feed.append(300, 7);
            await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("redis") == 1_500);
        }
        assertThat(SinkFixtures.sequencesInOrderPerExecution(received()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1_500).boxed().toList());
        assertThat(registry.find("meridian_sink_lag_events").gauges()).as("meters removed on close").isEmpty();
    }

    @Test
    void aTracedExecutionsEventsCarryItsTraceparentField() {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(20, 2);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("redis", SinkType.REDIS_STREAM,
                URL, stream)), feed, store.sinkCursors(), new SimpleMeterRegistry(), SinkFixtures.X1_TRACED)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("redis") == 20);
        }
        var messages = redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+"));
        assertThat(messages).hasSize(20).allSatisfy(m -> {
            boolean traced = m.getBody().get("key").equals("x1");
            assertThat(m.getBody().get("traceparent")).isEqualTo(traced ? SinkFixtures.TRACEPARENT : null);
        });
    }

    @Test
    void aRestartedDeliveryResumesAfterItsDurableCursor() {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(100, 3);
        var settings = List.of(SinkFixtures.settings("redis", SinkType.REDIS_STREAM, URL, stream));
        try (SinkDeliveries d = SinkDeliveries.start(settings, feed, store.sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("redis") == 100);
        }
        feed.append(50, 3); // committed while no delivery runs (between two leaders)
        try (SinkDeliveries d = SinkDeliveries.start(settings, feed, store.sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("redis") == 150);
        }
        assertThat(SinkFixtures.sequencesInOrderPerExecution(received()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 150).boxed().toList());
    }

    /**
     * A Redis user that may not run scripts (ACL {@code -@scripting}) still gets every event, in order, with its
     * traceparent: the sink falls back to one XADD per event.
     */
    @Test
    void aUserThatMayNotRunScriptsGetsPlainXadds() {
        String user = "meridian-test-noscript-" + UUID.randomUUID();
        String password = UUID.randomUUID().toString();
        redis.sync().aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.on().addPassword(password)
                .keyPattern(stream).addCommand(io.lettuce.core.protocol.CommandType.PING).addCategory(
                        io.lettuce.core.AclCategory.STREAM).addCategory(
                        io.lettuce.core.AclCategory.CONNECTION));
        try {
            ListFeed feed = new ListFeed();
            InMemoryStore store = new InMemoryStore();
            feed.append(1_200, 7);
            String url = "redis://" + user + ":" + password + "@127.0.0.1:6379";
            try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("redis",
                    SinkType.REDIS_STREAM, url, stream)), feed, store.sinkCursors(), new SimpleMeterRegistry(),
                    SinkFixtures.X1_TRACED)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("redis") == 1_200);
            }
            assertThat(store.sinkCursors().deadLetters("redis", 10)).isEmpty();
            assertThat(SinkFixtures.sequencesInOrderPerExecution(received()))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 1_200).boxed().toList());
            assertThat(redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+")))
                    .allSatisfy(m -> assertThat(m.getBody().get("traceparent"))
                            .isEqualTo(m.getBody().get("key").equals("x1") ? SinkFixtures.TRACEPARENT : null));
        } finally {
            redis.sync().aclDeluser(user);
        }
    }

    /**
     * An XADD the append script cannot make (the key holds a string, not a stream) fails the batch from that event:
     * retried, then dead-lettered with Redis's error; once the key is a stream again the rest arrive in order.
     */
    @Test
    void anAppendRefusedInsideTheScriptIsRetriedThenDeadLetteredWithRedissError() {
        redis.sync().set(stream, "not a stream");
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(50, 3);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("redis", SinkType.REDIS_STREAM,
                URL, stream)), feed, store.sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !store.sinkCursors().deadLetters("redis", 1).isEmpty());
            redis.sync().del(stream);
            await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("redis") == 50);
        }
        var dead = store.sinkCursors().deadLetters("redis", 100);
        assertThat(dead).isNotEmpty().allSatisfy(l -> assertThat(l.error()).contains("WRONGTYPE"));
        long lastDead = dead.getLast().sequence();
        assertThat(SinkFixtures.sequencesInOrderPerExecution(received()))
                .containsExactlyElementsOf(LongStream.rangeClosed(lastDead + 1, 50).boxed().toList());
    }

    @Test
    void benchmarkDeliveryRate() {
        ListFeed feed = new ListFeed();
        int events = 60_000;
        feed.append(events, 100);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("redis_stream",
                SinkType.REDIS_STREAM, URL, stream)), feed, new InMemoryStore().sinkCursors(),
                new SimpleMeterRegistry())) {
            SinkFixtures.measureSteadyRate(d, "redis_stream", 10_000, events);
        }
        assertThat(redis.sync().xlen(stream)).isEqualTo(events);
    }
}
