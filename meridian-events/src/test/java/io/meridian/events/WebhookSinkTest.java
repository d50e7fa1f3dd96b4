package io.meridian.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meridian.store.memory.InMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook sink against a real HTTP receiver that verifies every signature as docs/events.md tells receivers
 * to, and answers 500 to the first attempts of some events (retried) or to all attempts of one (a dead letter).
 */
class WebhookSinkTest {
    static final String SECRET = "a-secret-of-some-length";

    private HttpServer receiver;
    private final List<byte[]> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile long alwaysRefused = -1;
    private volatile int refuseFirst;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            long id = Long.parseLong(exchange.getRequestHeaders().getFirst("Meridian-Event-Id"));
            int status;
            if (!WebhookSignature.verify(SECRET, signature, body, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE)) {
                status = 401;
            } else if (id == alwaysRefused || refusals.get() < refuseFirst) {
                refusals.incrementAndGet();
                status = 500;
            } else {
                accepted.add(body);
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private SinkSettings webhook() {
        return new SinkSettings("hook", SinkType.WEBHOOK, "http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook", null, null, SECRET, SinkFilter.ALL, SinkFixtures.FAST);
    }

    @Test
    void signedEventsArriveInOrderAndFailedAttemptsAreRetried() {
        refuseFirst = 2;
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(200, 4);
        long start = System.nanoTime();
        try (SinkDeliveries d = SinkDeliveries.start(List.of(webhook()), feed, store.sinkCursors(),
                new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> d.cursor("hook") == 200);
        }
        SinkFixtures.printRate("webhook", 200, System.nanoTime() - start);
        assertThat(refusals.get()).isEqualTo(2);
        assertThat(SinkFixtures.sequencesInOrderPerExecution(accepted))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(store.sinkCursors().deadLetters("hook", 10)).isEmpty();
    }

    @Test
    void anEventRefusedEveryTimeBecomesADeadLetterAndTheNextOnesStillArrive() {
        alwaysRefused = 3;
        ListFeed feed = new ListFeed();
        InMemoryStore store = new InMemoryStore();
        feed.append(6, 2);
        try (SinkDeliveries d = SinkDeliveries.start(List.of(webhook()), feed, store.sinkCursors(),
                new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> d.cursor("hook") == 6);
        }
        var letters = store.sinkCursors().deadLetters("hook", 10);
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.sequence()).isEqualTo(3);
            assertThat(l.attempts()).isEqualTo(SinkFixtures.FAST.maxAttempts());
            assertThat(l.error()).contains("answered 500");
        });
        // events 1 and 2 were acknowledged before 3 failed: only 3 is retried and given up
        List<Long> got = accepted.stream().map(b -> io.meridian.model.json.Json.parse(b).get("sequence").asLong())
                .toList();
        assertThat(got).containsExactly(1L, 2L, 4L, 5L, 6L);
    }

    @Test
    void aReceiverRefusesATamperedBodyAWrongSecretAndAnOldTimestamp() {
        byte[] body = "{\"sequence\":1}".getBytes();
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        String header = WebhookSignature.sign(SECRET, now, body);
        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, header, body, now.plusSeconds(10), tolerance)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, header, "{\"sequence\":2}".getBytes(), now, tolerance)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-entirely", header, body, now, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header, body, now.plus(Duration.ofMinutes(6)), tolerance))
                .as("a replay after the tolerance").isFalse();
        String newerTime = header.replaceFirst("t=\\d+", "t=" + now.plusSeconds(400).getEpochSecond());
        assertThat(WebhookSignature.verify(SECRET, newerTime, body, now.plusSeconds(400), tolerance))
                .as("a replay with its timestamp changed").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "garbage", body, now, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, body, now, tolerance)).isFalse();
    }
}
