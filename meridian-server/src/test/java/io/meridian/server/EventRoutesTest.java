package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.event.EventType;
import io.meridian.model.json.Json;
import io.meridian.server.events.ReaderDrops;
import io.meridian.server.events.SubscriberLimits;
import io.meridian.store.event.EventRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The event API on a real server: pages and long polls, the server-sent event stream resumed with Last-Event-ID,
 * the WebSocket, filters (an unknown type is a 400), token scopes, and a stalled WebSocket reader dropped with a
 * reason while the engine goes on committing.
 */
class EventRoutesTest {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    final TestServer s;

    EventRoutesTest() throws Exception {
        s = new TestServer();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void aPageHoldsEveryEventOfARunInSequenceOrderAsCloudEvents() throws Exception {
        String id = startExecution();
        JsonNode page = get("/v1/events?after=0&limit=1000");
        List<JsonNode> events = list(page.path("events"));
        assertThat(events).extracting(e -> e.path("type").asString()).startsWith("io.meridian.execution.created",
                "io.meridian.execution.started", "io.meridian.stage.started", "io.meridian.job.queued");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence").asLong()).isEqualTo(i + 1L);
        }
        JsonNode created = events.getFirst();
        assertThat(created.path("specversion").asString()).isEqualTo("1.0");
        assertThat(created.path("id").asString()).isEqualTo("1");
        assertThat(created.path("source").asString()).isEqualTo("/meridian");
        assertThat(created.path("datacontenttype").asString()).isEqualTo("application/json");
        assertThat(created.path("executionid").asString()).isEqualTo(id);
        assertThat(created.path("data").path("pipeline_id").asString()).isEqualTo("watched");
        assertThat(Instant.parse(created.path("time").asString())).isBeforeOrEqualTo(Instant.now());
        assertThat(page.path("next").asLong()).isEqualTo(events.size());
        assertThat(page.path("last_sequence").asLong()).isEqualTo(events.size());
    }

    @Test
    void pagesFollowEachOtherByNextAndFilterByTypeAndExecution() throws Exception {
        String first = startExecution();
        String second = startExecution();
        JsonNode page1 = get("/v1/events?limit=2");
        assertThat(list(page1.path("events"))).extracting(e -> e.path("sequence").asLong()).containsExactly(1L, 2L);
        JsonNode page2 = get("/v1/events?limit=2&after=" + page1.path("next").asLong());
        assertThat(list(page2.path("events"))).extracting(e -> e.path("sequence").asLong()).containsExactly(3L, 4L);

        JsonNode queued = get("/v1/events?type=job.queued,io.meridian.execution.created&execution=" + second);
        assertThat(list(queued.path("events"))).extracting(e -> e.path("type").asString())
                .containsExactly("io.meridian.execution.created", "io.meridian.job.queued");
        assertThat(list(queued.path("events"))).allSatisfy(e ->
                assertThat(e.path("executionid").asString()).isEqualTo(second).isNotEqualTo(first));
    }

    @Test
    void anUnknownTypeOrABadCursorIsABadRequestSayingWhatIsWrong() throws Exception {
        var unknown = s.call("GET", "/v1/events?type=job.queued,job.exploded", TestServer.CLIENT, null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(TestServer.message(unknown)).contains("unknown event type 'job.exploded'").contains("job.queued");
        var badAfter = s.call("GET", "/v1/events?after=-3", TestServer.CLIENT, null);
        assertThat(badAfter.statusCode()).isEqualTo(400);
        assertThat(TestServer.message(badAfter)).contains("after must be a sequence number");
        var stream = s.call("GET", "/v1/events/stream?type=nope", TestServer.CLIENT, null);
        assertThat(stream.statusCode()).isEqualTo(400);
        assertThat(s.call("GET", "/v1/events?limit=1001", TestServer.CLIENT, null).statusCode()).isEqualTo(400);
    }

    @Test
    void eventsNeedAClientToken() throws Exception {
        assertThat(s.call("GET", "/v1/events", null, null).statusCode()).isEqualTo(401);
        assertThat(s.call("GET", "/v1/events", TestServer.WORKER, null).statusCode()).isEqualTo(403);
        assertThat(s.call("GET", "/v1/events/stream", TestServer.WORKER, null).statusCode()).isEqualTo(403);
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TestServer.WORKER)
                .buildAsync(URI.create("ws://127.0.0.1:" + s.server.port() + "/v1/events/ws"),
                        collector(new CopyOnWriteArrayList<>(), closed, new StringBuilder()))
                .get(30, TimeUnit.SECONDS);
        assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void aLongPollWaitsForTheNextEventAndAnswersEmptyWhenNoneComes() throws Exception {
        long last = get("/v1/events").path("last_sequence").asLong();
        JsonNode quiet = get("/v1/events?wait_millis=200&after=" + last);
        assertThat(quiet.path("events").isEmpty()).isTrue();
        assertThat(quiet.path("next").asLong()).isEqualTo(last);

        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/v1/events?wait_millis=20000&type=lock.acquired&after=" + last);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        announce(EventType.WORKER_REGISTERED, "w-ignored"); // does not match the filter: the poll goes on waiting
        announce(EventType.LOCK_ACQUIRED, "resource-1");
        JsonNode answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(list(answer.path("events"))).singleElement()
                .satisfies(e -> assertThat(e.path("subject").asString()).isEqualTo("resource-1"));
    }

    @Test
    void theStreamSendsNewEventsAndResumesAfterLastEventId() throws Exception {
        for (int i = 0; i < 5; i++) {
            announce(EventType.LOCK_ACQUIRED, "before-" + i);
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        var response = client.send(HttpRequest.newBuilder(uri("/v1/events/stream"))
                .header("Authorization", "Bearer " + TestServer.CLIENT).header("Last-Event-ID", "3").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        CompletableFuture.runAsync(() -> {
            try (Stream<String> body = response.body()) {
                body.filter(l -> !l.isEmpty() && !l.startsWith(":")).forEach(lines::add);
            }
        });
        announce(EventType.LOCK_RELEASED, "after");
        await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(l -> l.contains("\"after\"")));
        List<String> ids = lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
        assertThat(ids).containsExactly("4", "5", "6");
        assertThat(lines).contains("event: lock.acquired", "event: lock.released");
        String data = lines.stream().filter(l -> l.startsWith("data: ") && l.contains("\"after\"")).findFirst()
                .orElseThrow();
        assertThat(Json.parse(data.substring(6)).path("type").asString()).isEqualTo("io.meridian.lock.released");
    }

    @Test
    void aWebSocketReceivesMatchingEventsAsCloudEvents() throws Exception {
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TestServer.CLIENT)
                .buildAsync(uri("/v1/events/ws?type=lock.released&after=0").resolve(
                        URI.create("ws://127.0.0.1:" + s.server.port() + "/v1/events/ws?type=lock.released&after=0")),
                        collector(messages, closed, new StringBuilder())).get(30, TimeUnit.SECONDS);
        announce(EventType.LOCK_ACQUIRED, "r");
        announce(EventType.LOCK_RELEASED, "r");
        await().atMost(PATIENCE).until(() -> !messages.isEmpty());
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.path("type").asString()).isEqualTo("io.meridian.lock.released");
            assertThat(m.path("sequence").asLong()).isEqualTo(2);
        });
        assertThat(closed).isNotDone();
    }

    @Test
    void aWebSocketThatStopsTakingMessagesIsDroppedWithAReasonWhileCommitsGoOn() throws Exception {
        s.server.subscriberLimits(new SubscriberLimits(1024, 1_000_000, 50));
        long droppedBefore = s.server.readerDrops().count(ReaderDrops.Transport.WEBSOCKET);
        try (StalledWebSocket stalled = new StalledWebSocket(s.server.port(), "/v1/events/ws", TestServer.CLIENT)) {
            String padding = "x".repeat(4000);
            long started = System.nanoTime();
            int produced = 0;
            // far more than the socket buffers hold; the engine commits on, never waiting for the reader
            while (produced < 5_000) {
                s.coordinator.announce(EventRecord.unnumbered(EventType.LOCK_ACQUIRED, Instant.now(), null,
                        "r" + produced, Map.of("padding", padding)));
                produced++;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            // read only once the server gave up: a client that starts reading earlier is no longer stalled
            await().atMost(PATIENCE).until(() -> s.server.readerDrops().count(ReaderDrops.Transport.WEBSOCKET) > droppedBefore);
            assertThat(s.call("GET", "/metrics", null, null).body())
                    .contains("meridian_event_readers_dropped_total{cause=\"unsent\",transport=\"websocket\"} 1.0");
            StalledWebSocket.Close close = stalled.closeReason();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).contains("slow subscriber").contains("50 events sent but not taken");
        }
    }

    @Test
    void aStreamWhoseReaderStopsReadingIsDroppedWhileItsWriteIsStillBlocked() throws Exception {
        s.server.subscriberLimits(new SubscriberLimits(1024, 1_000_000, 1_000, Duration.ofSeconds(1)));
        try (StalledEventStream stalled = new StalledEventStream(s.server.port(), "/v1/events/stream?after=0",
                TestServer.CLIENT)) {
            await().atMost(PATIENCE).until(() -> streamsOpen() == 1);
            String padding = "x".repeat(4000);
            // 20 MB against a few hundred KB of socket buffers: the stream's write blocks, and stays blocked, since
            // the reader takes nothing; the lag limit (a million events) never gets a chance to end it
            for (int i = 0; i < 5_000; i++) {
                s.coordinator.announce(EventRecord.unnumbered(EventType.LOCK_ACQUIRED, Instant.now(), null, "r" + i,
                        Map.of("padding", padding)));
            }
            await().atMost(PATIENCE).until(() -> streamsOpen() == 0);
            assertThat(s.call("GET", "/metrics", null, null).body())
                    .contains("meridian_event_readers_dropped_total{cause=\"stalled_write\",transport=\"sse\"} 1.0");
            String received = stalled.readToEnd(); // ends: the server reset the connection while the write was blocked
            assertThat(received).startsWith("HTTP/1.1 200").contains("\"subject\":\"r0\"")
                    .doesNotContain("\"subject\":\"r4999\"");
        }
    }

    /** Event streams being served now: each holds one long-wait slot while it streams. */
    private int streamsOpen() throws Exception {
        var m = java.util.regex.Pattern.compile("meridian_http_in_flight\\{class=\"long_poll\"} ([0-9.]+)")
                .matcher(s.call("GET", "/metrics", null, null).body());
        return m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
    }

    private void announce(EventType type, String subject) {
        s.coordinator.announce(EventRecord.unnumbered(type, Instant.now(), null, subject, Map.of()));
    }

    private String startExecution() throws Exception {
        String pipeline = "id: watched\nstages:\n  - id: only\n    type: noop\n";
        var r = s.call("POST", "/v1/executions", TestServer.CLIENT, "{\"pipeline_text\": " + Json.write(pipeline) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.parse(r.body()).path("execution_id").asString();
    }

    private JsonNode get(String path) throws Exception {
        var r = s.call("GET", path, TestServer.CLIENT, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestServer.json(r);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + s.server.port() + path);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static WebSocket.Listener collector(List<JsonNode> messages, CompletableFuture<Integer> closed,
                                                StringBuilder partial) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(Json.parse(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
            }
        };
    }
}
