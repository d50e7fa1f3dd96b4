package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.meridian.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ sink against the broker on 127.0.0.1:5672 (guest/guest), with publisher confirms. */
@org.junit.jupiter.api.extension.ExtendWith(RequiresBroker.RabbitMq.class)
class RabbitMqSinkTest {
    static final String URL = "amqp://guest:guest@127.0.0.1:5672";

    private final String queue = "meridian-test-" + UUID.randomUUID();
    private Connection connection;
    private Channel channel;

    @BeforeEach
    void declareQueue() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URL);
        connection = f.newConnection();
        channel = connection.createChannel();
        channel.queueDeclare(queue, true, false, false, null);
    }

    @AfterEach
    void deleteQueue() throws Exception {
        channel.queueDelete(queue);
        connection.close();
    }

    private List<byte[]> drain() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (GetResponse r = channel.basicGet(queue, true); r != null; r = channel.basicGet(queue, true)) {
            assertThat(r.getProps().getMessageId()).isEqualTo("meridian-" + Json(r.getBody()));
            assertThat(r.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
            bodies.add(r.getBody());
        }
        return bodies;
    }

    private static long Json(byte[] body) {
        return io.meridian.model.json.Json.parse(body).get("sequence").asLong();
    }

    @Test
    void everyEventIsConfirmedAndArrivesInOrder() throws Exception {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(2_000, 5);
        long start = System.nanoTime();
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("rabbit", SinkType.RABBITMQ, URL,
                queue)), feed, store.sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> d.cursor("rabbit") == 2_000);
        }
        SinkFixtures.printRate("rabbitmq", 2_000, System.nanoTime() - start);
        assertThat(SinkFixtures.sequencesInOrderPerExecution(drain()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 2_000).boxed().toList());
    }

    @Test
    void aTracedExecutionsEventsCarryItsTraceparentHeader() throws Exception {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(20, 2);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("rabbit", SinkType.RABBITMQ, URL,
                queue)), feed, store.sinkCursors(), new SimpleMeterRegistry(), SinkFixtures.X1_TRACED)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> d.cursor("rabbit") == 20);
        }
        int seen = 0;
        for (GetResponse r = channel.basicGet(queue, true); r != null; r = channel.basicGet(queue, true), seen++) {
            boolean traced = "x1".equals(io.meridian.model.json.Json.parse(r.getBody()).path("executionid")
                    .asString(null));
            var headers = r.getProps().getHeaders();
            Object traceparent = headers == null ? null : headers.get("traceparent");
            assertThat(traceparent == null ? null : traceparent.toString())
                    .isEqualTo(traced ? SinkFixtures.TRACEPARENT : null);
        }
        assertThat(seen).isEqualTo(20);
    }

    @Test
    void anUnroutableExchangeFailsDeliveryUntilTheEventBecomesADeadLetter() {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(2, 1);
        SinkSettings missing = new SinkSettings("rabbit", SinkType.RABBITMQ, URL, queue,
                "no-such-exchange-" + UUID.randomUUID(), null, SinkFilter.ALL, SinkFixtures.FAST);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(missing), feed, store.sinkCursors(),
                new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> store.sinkCursors().deadLetters("rabbit", 10).size() == 2);
        }
        var letters = store.sinkCursors().deadLetters("rabbit", 10);
        assertThat(letters).extracting(l -> l.sequence()).containsExactly(1L, 2L);
        assertThat(letters.getFirst().attempts()).isEqualTo(SinkFixtures.FAST.maxAttempts());
        assertThat(letters.getFirst().error()).contains("no-such-exchange");
        assertThat(store.sinkCursors().position("rabbit")).isEqualTo(2);
    }

    @Test
    void aMessageNoQueueTakesIsNotConfirmedAsDeliveredButBecomesADeadLetter() throws Exception {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(3, 1);
        String nowhere = "no-such-queue-" + UUID.randomUUID();
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("rabbit", SinkType.RABBITMQ, URL,
                nowhere)), feed, store.sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> store.sinkCursors().position("rabbit") == 3);
        }
        assertThat(store.sinkCursors().deadLetters("rabbit", 10)).extracting(l -> l.sequence())
                .containsExactly(1L, 2L, 3L);
        assertThat(store.sinkCursors().deadLetters("rabbit", 1).getFirst().error())
                .contains("routed event 1 to no queue", nowhere);
    }

    @Test
    void benchmarkDeliveryRate() throws Exception {
        int events = 30_000;
        ListFeed feed = new ListFeed();
        feed.append(events, 100);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("rabbitmq", SinkType.RABBITMQ, URL, queue)),
                feed, new InMemoryStore().sinkCursors(), new SimpleMeterRegistry())) {
            SinkFixtures.measureSteadyRate(d, "rabbitmq", 5_000, events);
        }
        assertThat(channel.messageCount(queue)).isEqualTo(events);
    }
}
