package io.meridian.cli.command;

import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.cli.output.EventProgress;
import io.meridian.cli.output.ProgressView;
import io.meridian.model.event.EventType;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code meridian run}'s progress from its embedded coordinator's committed events: the events of the execution
 * committed before it started listening are read from the store's log first (a resumed run's stages so far), then
 * each batch is shown as it commits. With events turned off ({@code events.enabled: false}) there are none to
 * follow, and the execution is polled instead.
 */
final class LocalEventFollow {

    /** What the history before listening is read for: stage changes (a resumed run's job events are many). */
    private static final Set<EventType> HISTORY = EnumSet.copyOf(EnumSet.allOf(EventType.class).stream()
            .filter(t -> t.wireName().startsWith("stage.") || t.wireName().startsWith("execution.")).toList());
    private static final int PAGE = 1000;

    private LocalEventFollow() {}

    static ExecutionRecord follow(EmbeddedRuntime rt, ExecutionRecord started, boolean eventsEnabled,
                                  PrintStream out, boolean terminal) throws InterruptedException {
        String id = started.id();
        if (!eventsEnabled) {
            return new ProgressView(out, terminal).follow(rt.coordinator(), id);
        }
        EventProgress progress = new EventProgress(out, terminal, started.pipeline().stages().size());
        // listen first (holding what arrives), then read what was committed before: the history is shown, then
        // the held events that follow it, so nothing falls between the two and nothing is shown twice
        List<EventRecord> held = new ArrayList<>();
        boolean[] live = {false};
        rt.onEventsCommitted(batch -> {
            synchronized (held) {
                for (EventRecord e : batch) {
                    if (!id.equals(e.executionId())) {
                        continue;
                    }
                    if (live[0]) {
                        progress.offer(update(e));
                    } else {
                        held.add(e);
                    }
                }
            }
        });
        List<EventRecord> history = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EventRecord> page = rt.store().events().read(new EventQuery(after, HISTORY, id, PAGE));
            history.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast().sequence();
        }
        synchronized (held) {
            history.forEach(e -> progress.offer(update(e)));
            long shown = history.isEmpty() ? 0 : history.getLast().sequence();
            held.stream().filter(e -> e.sequence() > shown).forEach(e -> progress.offer(update(e)));
            live[0] = true;
        }
        // events show every change; the status is looked at only when none came for a while (a cheap read)
        progress.awaitEnd(Duration.ofSeconds(2), () -> rt.coordinator().execution(id).orElseThrow().status()
                .isTerminal());
        return rt.coordinator().execution(id).orElseThrow();
    }

    private static EventProgress.Update update(EventRecord e) {
        return new EventProgress.Update(e.sequence(), e.type().wireName(), e.data());
    }
}
