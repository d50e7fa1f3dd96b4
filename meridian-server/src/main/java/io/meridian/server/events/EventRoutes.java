package io.meridian.server.events;

import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.model.event.EventType;
import io.meridian.model.text.FieldRules;
import io.meridian.protocol.api.EventPage;
import io.meridian.server.api.Fields;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The event log over HTTP: {@code GET /v1/events} answers pages (with long polling when {@code wait_millis} is
 * given) and {@code GET /v1/events/stream} streams server-sent events, resumable with {@code Last-Event-ID}.
 * Both need a client token. docs/events.md describes them.
 */
public final class EventRoutes {
    static final String PAGE = "/v1/events";
    static final String STREAM = "/v1/events/stream";
    public static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;

    private final EventTail tail;
    private final Supplier<SubscriberLimits> limits;
    private final ReaderDrops drops;

    public EventRoutes(EventTail tail, Supplier<SubscriberLimits> limits, ReaderDrops drops) {
        this.tail = tail;
        this.limits = limits;
        this.drops = drops;
    }

    public void addTo(Routes r) {
        r.get(PAGE, CLIENT, this::page);
        r.get(STREAM, CLIENT, this::stream);
    }

    private void page(Exchange ex) throws Exception {
        long after = nonNegative("after", ex.query("after"), 0);
        int limit = ex.queryInt("limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        long waitMillis = nonNegative("wait_millis", ex.query("wait_millis"), 0);
        Filter f = filter(ex);
        Duration wait = waitMillis == 0 ? Duration.ZERO : Duration.ofMillis(ex.parkForLongPoll(waitMillis));
        try {
            EventTail.Page page = tail.read(new EventQuery(after, f.types, f.executionId, limit), wait);
            ex.json(200, new EventPage(page.events().stream().map(CloudEvents::of).toList(), page.next(),
                    tail.lastSequence()));
        } catch (EventTail.Closed closed) {
            throw new ApiError(503, "not_leader", closed.getMessage());
        }
    }

    private void stream(Exchange ex) throws Exception {
        String resume = ex.header("Last-Event-ID");
        Filter f = filter(ex);
        long start;
        if (resume != null && !resume.isBlank()) {
            start = nonNegative("Last-Event-ID (header)", resume, 0);
        } else if (ex.query("after") != null) {
            start = nonNegative("after", ex.query("after"), 0);
        } else {
            start = tail.lastSequence(); // only what happens from now on
        }
        ex.eventStream(events -> {
            events.stalledWriteLimit(limits.get().stalledWrite());
            events.onStalled(() -> drops.dropped(ReaderDrops.Transport.SSE, ReaderDrops.Cause.STALLED_WRITE));
            new EventFollower(tail, limits).follow(start, f.types, f.executionId, new EventFollower.Sink() {
                @Override
                public void send(long sequence, String type, String json) throws Exception {
                    events.write(Long.toString(sequence), type, json); // flushed after the page
                }

                @Override
                public void send(EventRecord e, EventTail from) throws Exception {
                    events.writeFrame(from.sseFrame(e)); // the same bytes for every stream; flushed after the page
                }

                @Override
                public void send(long after, EventTail.Page page, boolean filtered, EventTail from)
                        throws Exception {
                    byte[] shared = filtered ? null : from.ssePage(after, page);
                    if (shared == null) {
                        EventFollower.Sink.super.send(after, page, true, from);
                    } else {
                        events.writeFrame(shared); // one write of the page's bytes, the same array for every stream
                    }
                }

                @Override
                public void flush() throws Exception {
                    events.flush();
                }

                @Override
                public void keepAlive() throws Exception {
                    events.keepAlive();
                }

                @Override
                public void end(String reason) throws Exception {
                    events.send(null, "closed", io.meridian.model.json.Json.write(java.util.Map.of("reason",
                            reason)));
                }
            }, () -> drops.dropped(ReaderDrops.Transport.SSE, ReaderDrops.Cause.LAG));
        });
    }

    record Filter(Set<EventType> types, String executionId) {}

    static Filter filter(Exchange ex) {
        String execution = ex.query("execution");
        if (execution != null) {
            Fields.require(FieldRules.RECORD_ID, "execution (query)", execution);
        }
        return new Filter(CloudEvents.types(ex.query("type")), execution);
    }

    static long nonNegative(String name, String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest(name + " must be a sequence number (a whole number, 0 or more), got '" + text + "'");
    }
}
