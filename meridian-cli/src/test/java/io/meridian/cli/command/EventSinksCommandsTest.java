package io.meridian.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meridian.cli.Main;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.events.DeliveryPolicy;
import io.meridian.events.SinkFilter;
import io.meridian.events.SinkSettings;
import io.meridian.events.SinkType;
import io.meridian.model.event.EventType;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.event.EventRecord;
import io.meridian.store.memory.InMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code meridian events sinks} and {@code dead-letters} against a real coordinator server whose webhook sink's
 * receiver refuses everything: the tables show the sink and its dead letters, and --replay-all (once the receiver
 * takes them) and --discard empty them; a client token may look but not act.
 */
class EventSinksCommandsTest {
    private static final String ADMIN = "admin-token-0123456789";
    private static final String CLIENT = "client-token-0123456789";

    private HttpServer receiver;
    private volatile boolean refusing = true;
    private InMemoryStore store;
    private Coordinator coordinator;
    private CoordinatorServer server;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(refusing ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        store = new InMemoryStore();
        coordinator = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE, Duration.ofMillis(50));
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20, 100_000, 64, null, null),
                coordinator, new Tokens().addToken(ADMIN, "admin", EnumSet.of(Scope.ADMIN))
                        .addToken(CLIENT, "client", EnumSet.of(Scope.CLIENT)), null);
        server.sinks(List.of(new SinkSettings("hook", SinkType.WEBHOOK, "http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook", null, null, "a-secret-of-16-chars-or-more",
                SinkFilter.parse(List.of("lock.acquired")), new DeliveryPolicy(100, 1, Duration.ofMillis(10),
                Duration.ofMillis(20), Duration.ofSeconds(5)))));
        for (int i = 0; i < 3; i++) {
            coordinator.announce(EventRecord.unnumbered(EventType.LOCK_ACQUIRED, Instant.now(), null, "l" + i,
                    Map.of("resource", "r" + i)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> store.sinkCursors().deadLetterCount("hook") == 3);
    }

    @AfterEach
    void stop() {
        server.close();
        coordinator.close();
        receiver.stop(0);
    }

    private record Run(int exit, String out, String err) {}

    private Run run(String token, String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            List<String> all = new java.util.ArrayList<>(List.of(args));
            all.addAll(List.of("--coordinator", "http://127.0.0.1:" + server.port(), "--token", token));
            return new Run(cl.execute(all.toArray(String[]::new)), out.toString(StandardCharsets.UTF_8),
                    err.toString());
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void sinksAndDeadLettersAreTablesAndDeadLettersAreReplayedOrDiscarded() {
        Run sinks = run(CLIENT, "events", "sinks");
        assertThat(sinks.exit()).as(sinks.err()).isZero();
        assertThat(sinks.out()).contains("SINK", "LAG", "DEAD LETTERS").containsPattern("hook\\s+webhook\\s+-\\s+"
                + "delivering\\s+\\d+\\s+\\d+\\s+3");

        Run letters = run(CLIENT, "events", "dead-letters", "hook");
        assertThat(letters.exit()).as(letters.err()).isZero();
        assertThat(letters.out().lines().filter(l -> l.contains("answered 503")).count()).isEqualTo(3);
        long first = store.sinkCursors().deadLetters("hook", 1).getFirst().sequence();

        Run refused = run(CLIENT, "events", "dead-letters", "hook", "--discard", Long.toString(first));
        assertThat(refused.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(refused.out()).containsPattern(first + "\\s+failed: .*lacks the admin scope");

        Run discarded = run(ADMIN, "events", "dead-letters", "hook", "--discard", Long.toString(first));
        assertThat(discarded.exit()).as(discarded.err() + discarded.out()).isZero();
        assertThat(discarded.out()).containsPattern(first + "\\s+discarded");

        refusing = false;
        Run replayed = run(ADMIN, "events", "dead-letters", "hook", "--replay-all");
        assertThat(replayed.exit()).as(replayed.err() + replayed.out()).isZero();
        assertThat(replayed.out().lines().filter(l -> l.endsWith("delivered")).count()).isEqualTo(2);
        assertThat(store.sinkCursors().deadLetterCount("hook")).isZero();
    }
}
