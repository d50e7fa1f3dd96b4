package io.meridian.cli.command;

import io.meridian.client.EventFilter;
import io.meridian.client.MeridianClient;
import io.meridian.model.event.EventType;
import io.meridian.model.json.Json;
import io.meridian.protocol.api.CloudEvent;
import io.meridian.protocol.api.EventPage;
import io.meridian.server.events.CloudEvents;
import io.meridian.store.Store;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meridian events}: the event log, from a coordinator ({@code --coordinator}) or the store ({@code --store},
 * by default the embedded one), as a table or as CloudEvents JSON lines; {@code --follow} keeps printing new ones.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print state-change events (CloudEvents 1.0) in sequence order; --follow waits for new ones.",
                "", "Examples:",
                "  meridian events --type job.failed,job.dead",
                "  meridian events --follow --execution x-19c4…",
                "  meridian events --after 1200 --json",
                "  meridian events sinks                      (each sink's cursor, lag and dead letters)",
                "  meridian events dead-letters audit --replay-all",
                "", "Types: " + "execution.*, stage.*, job.*, worker.*, leader.elected, region.*, lock.* "
                + "(docs/events.md lists every one)."},
        subcommands = {EventSinksCommands.Sinks.class, EventSinksCommands.DeadLetters.class})
public final class EventsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** How often --follow reads a local store (a coordinator is long polled instead). */
    private static final Duration LOCAL_POLL = Duration.ofMillis(500);

    @Mixin
    DataDirOption store;

    @Mixin
    RemoteOptions remote;

    @Option(names = {"-f", "--follow"}, description = "Keep printing events as they happen (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--execution", paramLabel = "ID", description = "Only this execution's events.")
    String execution;

    @Option(names = "--type", paramLabel = "T[,T...]", split = ",",
            description = "Only these types, such as job.failed (repeat or separate with commas).")
    List<String> types = List.of();

    @Option(names = "--after", paramLabel = "SEQ", description = "Only events after this sequence number "
            + "(default: from the oldest kept; with --follow and no --after: from now).")
    Long after;

    @Option(names = "--limit", defaultValue = "100", description = "Without --follow, at most this many, 1-1000 "
            + "(default: ${DEFAULT-VALUE}).")
    int limit = 100;

    @Option(names = "--json", description = "Print each event as one line of CloudEvents JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Set<EventType> known = parseTypes(types);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be between 1 and 1000, got " + limit);
        }
        PrintStream out = System.out;
        if (!json) {
            out.println(String.format("%-8s  %-23s  %-22s  %-26s  %s", "SEQ", "TIME (UTC)", "TYPE", "EXECUTION",
                    "SUBJECT / DETAILS"));
        }
        if (remote.isRemote()) {
            store.refuseStore("events");
            return remote(remote.client(store.dataDir), out);
        }
        try (Store s = store.openStore()) {
            return local(s, known, out);
        }
    }

    private int remote(MeridianClient client, PrintStream out) throws Exception {
        long start = after != null ? after
                : follow ? client.events(new EventFilter(0, List.of(), null, 1, 0)).lastSequence() : 0;
        EventFilter filter = new EventFilter(start, types, execution, follow ? 1000 : limit,
                follow ? 20_000 : 0);
        do {
            EventPage page = client.events(filter);
            page.events().forEach(e -> print(e, out));
            filter = filter.withAfter(page.next());
        } while (follow);
        return ExitCode.OK;
    }

    private int local(Store s, Set<EventType> known, PrintStream out) throws InterruptedException {
        long cursor = after != null ? after : follow ? s.events().lastSequence() : 0;
        do {
            List<EventRecord> found = s.events().read(new EventQuery(cursor, known, execution, follow ? 1000 : limit));
            found.forEach(e -> print(CloudEvents.of(e), out));
            if (!found.isEmpty()) {
                cursor = found.getLast().sequence();
            } else if (follow) {
                Thread.sleep(LOCAL_POLL);
            }
        } while (follow);
        return ExitCode.OK;
    }

    private void print(CloudEvent e, PrintStream out) {
        if (json) {
            out.println(Json.write(e));
        } else {
            out.println(String.format("%-8d  %-23s  %-22s  %-26s  %s", e.sequence(), TIME.format(e.time()),
                    e.shortType(), e.executionid() == null ? "-" : e.executionid(), details(e)));
        }
        out.flush();
    }

    /** The subject, then the data fields that say most, briefly. */
    static String details(CloudEvent e) {
        Map<String, Object> data = e.data() == null ? Map.of() : e.data();
        String fields = data.entrySet().stream()
                .filter(f -> !f.getKey().equals("job_id") && !f.getKey().equals("worker_id")
                        || !String.valueOf(f.getValue()).equals(e.subject()))
                .map(f -> f.getKey() + "=" + brief(String.valueOf(f.getValue())))
                .collect(Collectors.joining(" "));
        return (e.subject() == null ? "" : e.subject() + " ") + fields;
    }

    private static String brief(String value) {
        String line = value.replace('\n', ' ');
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }

    private static Set<EventType> parseTypes(List<String> names) {
        Set<EventType> known = EnumSet.noneOf(EventType.class);
        for (String name : names) {
            known.add(EventType.named(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "--type: unknown event type '" + name + "'; known types: " + EventType.names())));
        }
        return known;
    }
}
