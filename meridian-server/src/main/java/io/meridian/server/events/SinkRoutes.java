package io.meridian.server.events;

import static io.meridian.server.auth.Scope.ADMIN;
import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.events.SinkDeliveries;
import io.meridian.events.SinkSettings;
import io.meridian.model.json.Json;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.event.DeadLetter;
import io.meridian.store.event.SinkCursors;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event sinks over HTTP: where each got to (cursor, lag, dead letters) with a client token, and what an operator
 * does with a dead letter with an admin token: replay it (sent once more on the sink's own thread; the dead letter
 * goes when the broker acknowledged it) or discard it. Served by the leader, which runs the sinks.
 */
public final class SinkRoutes {
    static final String SINKS = "/v1/events/sinks";
    private static final int MAX_LIMIT = 1000;
    /** A replay waits for the sink's thread, which may be between retries of a failing batch. */
    private static final long REPLAY_WAIT_SECONDS = 30;

    private final Supplier<List<SinkSettings>> configured;
    private final Supplier<Optional<SinkDeliveries>> deliveries;
    private final SinkCursors cursors;
    private final EventTail tail;

    public SinkRoutes(Supplier<List<SinkSettings>> configured, Supplier<Optional<SinkDeliveries>> deliveries,
                      SinkCursors cursors, EventTail tail) {
        this.configured = configured;
        this.deliveries = deliveries;
        this.cursors = cursors;
        this.tail = tail;
    }

    public void addTo(Routes r) {
        r.get(SINKS, CLIENT, this::list);
        r.get(SINKS + "/{name}/dead-letters", CLIENT, this::deadLetters);
        r.post(SINKS + "/{name}/dead-letters/{sequence}/replay", ADMIN, this::replay);
        r.delete(SINKS + "/{name}/dead-letters/{sequence}", ADMIN, this::discard);
    }

    private void list(Exchange ex) throws Exception {
        long last = tail.lastSequence();
        Optional<SinkDeliveries> running = deliveries.get();
        ObjectNode out = Json.object();
        out.put("last_sequence", last);
        var items = out.putArray("sinks");
        for (SinkSettings s : configured.get()) {
            boolean delivering = running.map(d -> d.delivers(s.name())).orElse(false);
            long cursor = delivering ? running.get().cursor(s.name()) : cursors.position(s.name());
            ObjectNode item = items.addObject();
            item.put("name", s.name());
            item.put("type", s.type().wireName());
            item.put("destination", s.destination());
            item.put("delivering", delivering);
            item.put("cursor", cursor);
            item.put("lag", Math.max(0, last - cursor));
            item.put("dead_letters", cursors.deadLetterCount(s.name()));
        }
        ex.json(200, out);
    }

    private void deadLetters(Exchange ex) throws Exception {
        String name = sink(ex).name();
        long after = EventRoutes.nonNegative("after", ex.query("after"), 0);
        int limit = ex.queryInt("limit", 100);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        List<DeadLetter> letters = cursors.deadLetters(name, after, limit);
        ObjectNode out = Json.object();
        out.put("sink", name);
        var items = out.putArray("dead_letters");
        for (DeadLetter l : letters) {
            ObjectNode item = items.addObject();
            item.put("sequence", l.sequence());
            item.put("attempts", l.attempts());
            item.put("error", l.error());
            item.put("failed_at", l.failedAt().toString());
        }
        out.put("next", letters.isEmpty() ? after : letters.getLast().sequence());
        ex.json(200, out);
    }

    private void replay(Exchange ex) throws Exception {
        ex.noBody();
        String name = sink(ex).name();
        long sequence = letter(ex, name);
        SinkDeliveries running = deliveries.get().filter(d -> d.delivers(name)).orElseThrow(() -> new ApiError(503,
                "sink_not_delivering", "sink '" + name + "' is not delivering on this coordinator (it could not be"
                + " opened: see the log); fix it, or discard the dead letter"));
        try {
            running.replay(name, sequence).get(REPLAY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ApiError(502, "sink_failed", "sink '" + name + "' did not take event " + sequence + " again: "
                    + e.getCause().getMessage() + " (the dead letter stays)");
        } catch (TimeoutException e) {
            throw new ApiError(504, "sink_busy", "sink '" + name + "' did not send event " + sequence + " within "
                    + REPLAY_WAIT_SECONDS + " s (it may be retrying a failing batch); the replay is still queued");
        }
        ObjectNode out = Json.object();
        out.put("sink", name);
        out.put("sequence", sequence);
        out.put("outcome", "delivered");
        ex.json(200, out);
    }

    private void discard(Exchange ex) throws Exception {
        String name = sink(ex).name();
        long sequence = letter(ex, name);
        if (!cursors.removeDeadLetter(name, sequence)) {
            throw ApiError.notFound("dead letter " + sequence + " of sink '" + name + "'");
        }
        ex.noContent();
    }

    private SinkSettings sink(Exchange ex) {
        String name = ex.path("name");
        return configured.get().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                ApiError.notFound("sink '" + name + "' (configured: " + configured.get().stream()
                        .map(SinkSettings::name).toList() + ")"));
    }

    private long letter(Exchange ex, String name) {
        long sequence = EventRoutes.nonNegative("sequence (path)", ex.path("sequence"), 0);
        if (cursors.deadLetters(name, sequence - 1, 1).stream().noneMatch(l -> l.sequence() == sequence)) {
            throw ApiError.notFound("dead letter " + sequence + " of sink '" + name + "'");
        }
        return sequence;
    }
}
