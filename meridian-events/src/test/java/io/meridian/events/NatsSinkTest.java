package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NATS JetStream sink against the server on 127.0.0.1:4222: every publish acknowledged by the stream. */
@org.junit.jupiter.api.extension.ExtendWith(RequiresBroker.NatsServer.class)
class NatsSinkTest {
    static final String URL = "nats://127.0.0.1:4222";

    private final String name = "meridian_test_" + UUID.randomUUID().toString().replace("-", "");
    private Connection nats;
    private JetStreamManagement jsm;

    @BeforeEach
    void createStream() throws Exception {
        nats = Nats.connect(URL);
        jsm = nats.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").storageType(StorageType.File)
                .build());
    }

    @AfterEach
    void deleteStream() throws Exception {
        jsm.deleteStream(name);
        nats.close();
    }

    private List<MessageInfo> stored(long count) throws Exception {
        List<MessageInfo> all = new ArrayList<>();
        for (long seq = 1; seq <= count; seq++) {
            all.add(jsm.getMessage(name, seq));
        }
        return all;
    }

    @Test
    void everyEventIsAcknowledgedByTheStreamInOrderUnderItsTypeSubject() throws Exception {
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(2_000, 5);
        long start = System.nanoTime();
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("nats", SinkType.NATS, URL,
                name + ".{type}")), feed, store.sinkCursors(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> d.cursor("nats") == 2_000);
        }
        SinkFixtures.printRate("nats", 2_000, System.nanoTime() - start);
        assertThat(jsm.getStreamInfo(name).getStreamState().getMsgCount()).isEqualTo(2_000);
        List<MessageInfo> messages = stored(2_000);
        assertThat(SinkFixtures.sequencesInOrderPerExecution(messages.stream().map(MessageInfo::getData).toList()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 2_000).boxed().toList());
        assertThat(messages.get(2).getSubject()).isEqualTo(name + ".job.succeeded");
        assertThat(messages.get(0).getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("meridian-1");
    }

    @Test
    void aRedeliveredBatchIsDroppedByJetStreamsDuplicateWindow() throws Exception {
        ListFeed feed = new ListFeed();
        var events = feed.append(10, 2);
        List<SinkMessage> batch = events.stream().map(SinkMessage::of).toList();
        try (NatsSink sink = new NatsSink(URL, name + ".{type}", Duration.ofSeconds(10))) {
            sink.deliver(batch);
            sink.deliver(batch); // as after a lost acknowledgement
        }
        assertThat(jsm.getStreamInfo(name).getStreamState().getMsgCount()).isEqualTo(10);
    }

    @Test
    void aTracedExecutionsMessagesCarryATraceparentHeader() throws Exception {
        ListFeed feed = new ListFeed();
        var events = feed.append(4, 2);
        try (NatsSink sink = new NatsSink(URL, name + ".{type}", Duration.ofSeconds(10))) {
            sink.deliver(events.stream().map(e -> SinkMessage.of(e, SinkFixtures.X1_TRACED.traceparentOf(e)))
                    .toList());
        }
        assertThat(stored(4)).allSatisfy(m -> assertThat(m.getHeaders().getFirst("traceparent")).isEqualTo(
                "x1".equals(m.getHeaders().getFirst("Meridian-Key")) ? SinkFixtures.TRACEPARENT : null));
    }

    @Test
    void benchmarkDeliveryRate() throws Exception {
        int events = 30_000;
        ListFeed feed = new ListFeed();
        feed.append(events, 100);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(SinkFixtures.settings("nats", SinkType.NATS, URL, name + ".{type}")),
                feed, new InMemoryStore().sinkCursors(), new SimpleMeterRegistry())) {
            SinkFixtures.measureSteadyRate(d, "nats", 5_000, events);
        }
        assertThat(jsm.getStreamInfo(name).getStreamState().getMsgCount()).isEqualTo(events);
    }
}
