package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meridian.events.DeliveryPolicy;
import io.meridian.events.SinkFilter;
import io.meridian.events.SinkSettings;
import io.meridian.events.SinkType;
import io.meridian.model.json.Json;
import io.meridian.store.memory.InMemoryStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A webhook sink whose receiver refuses everything turns its events into dead letters; the API shows the sink's
 * cursor, lag and dead letters, replays one once the receiver is back (it arrives, and the dead letter goes) and
 * discards another, with an admin token only.
 */
class SinkRoutesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private HttpServer receiver;
    private volatile boolean refusing = true;
    private final List<Long> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!refusing) {
                received.add(Json.parse(body).path("sequence").asLong());
            }
            exchange.sendResponseHeaders(refusing ? 500 : 204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void deadLettersAreListedReplayedAndDiscarded() throws Exception {
        InMemoryStore store = new InMemoryStore();
        try (TestServer s = new TestServer(store, Set.of("noop"))) {
            s.server.sinks(List.of(new SinkSettings("hook", SinkType.WEBHOOK, "http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook", null, null, SinkServerTest.SECRET,
                    SinkFilter.parse(List.of("execution.created")), new DeliveryPolicy(100, 2, Duration.ofMillis(10),
                    Duration.ofMillis(20), Duration.ofSeconds(5)))));
            for (int i = 0; i < 3; i++) {
                var r = s.call("POST", "/v1/executions", TestServer.CLIENT, "{\"pipeline_text\": "
                        + Json.write("id: sunk\nstages:\n  - id: only\n    type: noop\n") + "}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            await().atMost(PATIENCE).until(() -> store.sinkCursors().deadLetterCount("hook") == 3);

            JsonNode sinks = TestServer.json(s.call("GET", "/v1/events/sinks", TestServer.CLIENT, null));
            JsonNode hook = sinks.path("sinks").get(0);
            assertThat(hook.path("name").asString()).isEqualTo("hook");
            assertThat(hook.path("type").asString()).isEqualTo("webhook");
            assertThat(hook.path("delivering").asBoolean()).isTrue();
            assertThat(hook.path("dead_letters").asLong()).isEqualTo(3);
            assertThat(hook.path("lag").asLong()).isEqualTo(sinks.path("last_sequence").asLong()
                    - hook.path("cursor").asLong());

            var listed = s.call("GET", "/v1/events/sinks/hook/dead-letters?limit=10", TestServer.CLIENT, null);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            List<Long> letters = TestServer.json(listed).path("dead_letters").valueStream()
                    .map(l -> l.path("sequence").asLong()).toList();
            assertThat(letters).hasSize(3);
            assertThat(TestServer.json(listed).path("dead_letters").get(0).path("error").asString()).contains("500");
            assertThat(TestServer.json(listed).path("dead_letters").get(0).path("attempts").asInt()).isEqualTo(2);

            // acting on dead letters needs an admin token
            String replayFirst = "/v1/events/sinks/hook/dead-letters/" + letters.get(0) + "/replay";
            assertThat(s.call("POST", replayFirst, TestServer.CLIENT, null).statusCode()).isEqualTo(403);
            // still refused: 502, and the dead letter stays
            var again = s.call("POST", replayFirst, TestServer.ADMIN, null);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(502);
            assertThat(TestServer.code(again)).isEqualTo("sink_failed");
            assertThat(store.sinkCursors().deadLetterCount("hook")).isEqualTo(3);

            refusing = false;
            var replayed = s.call("POST", replayFirst, TestServer.ADMIN, null);
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            assertThat(received).containsExactly(letters.get(0));
            assertThat(s.call("DELETE", "/v1/events/sinks/hook/dead-letters/" + letters.get(1), TestServer.CLIENT,
                    null).statusCode()).isEqualTo(403);
            assertThat(s.call("DELETE", "/v1/events/sinks/hook/dead-letters/" + letters.get(1), TestServer.ADMIN,
                    null).statusCode()).isEqualTo(204);
            assertThat(store.sinkCursors().deadLetters("hook", 10)).extracting(l -> l.sequence())
                    .containsExactly(letters.get(2));

            var gone = s.call("POST", replayFirst, TestServer.ADMIN, null);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(TestServer.message(gone)).contains("dead letter " + letters.get(0));
            var unknown = s.call("GET", "/v1/events/sinks/nope/dead-letters", TestServer.CLIENT, null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(TestServer.message(unknown)).contains("sink 'nope'", "hook");
        }
    }
}
