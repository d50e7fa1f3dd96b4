package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.client.ApiException;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/**
 * {@code meridian events sinks} and {@code meridian events dead-letters}: where each event sink got to, and the
 * events a sink gave up on, replayed or discarded. The leader runs the sinks, so both talk to a coordinator.
 */
final class EventSinksCommands {

    private EventSinksCommands() {}

    /** The coordinator named by the inherited --coordinator and --token options. */
    static MeridianClient client(EventsCommand parent, String command) {
        parent.remote.require("meridian events " + command);
        parent.store.refuseStore("events " + command);
        return parent.remote.client(parent.store.dataDir);
    }

    @Command(name = "sinks", mixinStandardHelpOptions = true,
            description = {"Each configured event sink: its cursor, lag (committed events not yet delivered) and "
                    + "dead letters.", "", "Example:", "  meridian events sinks --coordinator http://h1:7070"})
    static final class Sinks implements Callable<Integer> {
        @ParentCommand
        EventsCommand parent;

        @Option(names = "--json", description = "Print the API's document as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode doc = client(parent, "sinks").sinks();
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                return ExitCode.OK;
            }
            TableView t = new TableView("SINK", "TYPE", "DESTINATION", "STATE", "CURSOR", "LAG", "DEAD LETTERS");
            doc.path("sinks").forEach(s -> t.row(s.path("name").asString(), s.path("type").asString(),
                    s.path("destination").asString("-"), s.path("delivering").asBoolean() ? "delivering" : "stopped",
                    s.path("cursor").asLong(), s.path("lag").asLong(), s.path("dead_letters").asLong()));
            t.print(System.out);
            return ExitCode.OK;
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = {"The events sink SINK gave up on after its retries; --replay sends them once more "
                    + "(the dead letter goes when the broker takes it), --discard forgets them. Both need an admin "
                    + "token.", "", "Examples:",
                    "  meridian events dead-letters audit",
                    "  meridian events dead-letters audit --replay 1042,1043",
                    "  meridian events dead-letters audit --replay-all",
                    "  meridian events dead-letters audit --discard 1042"})
    static final class DeadLetters implements Callable<Integer> {
        private static final int PAGE = 1000;

        @ParentCommand
        EventsCommand parent;

        @Parameters(paramLabel = "SINK", description = "The sink's name (meridian events sinks lists them).")
        String sink;

        @Option(names = "--replay", paramLabel = "SEQ", split = ",", description = "Send these dead letters again.")
        List<Long> replay = List.of();

        @Option(names = "--replay-all", description = "Send every dead letter of the sink again, oldest first.")
        boolean replayAll;

        @Option(names = "--discard", paramLabel = "SEQ", split = ",", description = "Forget these dead letters.")
        List<Long> discard = List.of();

        @Option(names = "--discard-all", description = "Forget every dead letter of the sink.")
        boolean discardAll;

        @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0",
                description = "List dead letters after this sequence (default: from the oldest).")
        long after;

        @Option(names = "--limit", defaultValue = "100", description = "List at most this many, 1-1000 (default: "
                + "${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the API's document as JSON.")
        boolean json;

        @Override
        public Integer call() {
            MeridianClient client = client(parent, "dead-letters");
            boolean acting = replayAll || discardAll || !replay.isEmpty() || !discard.isEmpty();
            if (!acting) {
                return list(client);
            }
            if ((replayAll || !replay.isEmpty()) && (discardAll || !discard.isEmpty())) {
                throw new IllegalArgumentException("give either --replay(-all) or --discard(-all), not both");
            }
            List<Long> targets = replayAll || discardAll ? every(client) : !replay.isEmpty() ? replay : discard;
            boolean replaying = replayAll || !replay.isEmpty();
            TableView t = new TableView("SEQ", "OUTCOME");
            int failed = 0;
            for (long sequence : targets) {
                try {
                    if (replaying) {
                        client.replayDeadLetter(sink, sequence);
                        t.row(sequence, "delivered");
                    } else {
                        client.discardDeadLetter(sink, sequence);
                        t.row(sequence, "discarded");
                    }
                } catch (ApiException e) {
                    failed++;
                    t.row(sequence, "failed: " + e.getMessage());
                }
            }
            t.print(System.out);
            return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
        }

        private int list(MeridianClient client) {
            if (limit < 1 || limit > PAGE) {
                throw new IllegalArgumentException("--limit must be between 1 and " + PAGE + ", got " + limit);
            }
            JsonNode doc = client.deadLetters(sink, after, limit);
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
                return ExitCode.OK;
            }
            TableView t = new TableView("SEQ", "ATTEMPTS", "FAILED AT", "ERROR");
            doc.path("dead_letters").forEach(l -> t.row(l.path("sequence").asLong(), l.path("attempts").asInt(),
                    l.path("failed_at").asString(), l.path("error").asString()));
            t.print(System.out);
            return ExitCode.OK;
        }

        /** Every dead letter's sequence, read page by page before acting (replaying removes them as it goes). */
        private List<Long> every(MeridianClient client) {
            List<Long> all = new ArrayList<>();
            long from = 0;
            while (true) {
                JsonNode page = client.deadLetters(sink, from, PAGE);
                page.path("dead_letters").forEach(l -> all.add(l.path("sequence").asLong()));
                if (page.path("dead_letters").size() < PAGE) {
                    return all;
                }
                from = page.path("next").asLong();
            }
        }
    }
}
