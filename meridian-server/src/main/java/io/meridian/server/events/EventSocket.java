package io.meridian.server.events;

import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConnectContext;
import io.meridian.model.json.Json;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.http.ApiError;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/events/ws}: the event log over a WebSocket, one CloudEvent per text message, with the same query
 * parameters as the stream ({@code after}, {@code type}, {@code execution}). Sends are asynchronous and counted: a
 * client that leaves {@link SubscriberLimits#maxUnsent} messages untaken, or falls too far behind, is closed with
 * 1008 and a reason saying so, so a stalled client never holds more than that in the server's memory. A token
 * without the client scope is refused with 1008 too.
 */
public final class EventSocket {
    private static final Logger log = LoggerFactory.getLogger(EventSocket.class);
    static final String PATH = "/v1/events/ws";
    /** Close code for a reader dropped for being slow, or refused: policy violation. */
    static final int POLICY = 1008;

    private EventSocket() {}

    /** Registered once with the server: it follows whichever tail this server has while it leads. */
    public static void addTo(RoutesConfig routes, Tokens tokens, Supplier<Optional<EventTail>> tails,
                             Supplier<SubscriberLimits> limits, ReaderDrops drops) {
        routes.ws(PATH, ws -> ws.onConnect(ctx -> {
            String refused = refusal(ctx, tokens);
            Optional<EventTail> tail = tails.get();
            if (refused == null && tail.isEmpty()) {
                refused = "this coordinator is not leading: connect to the leader";
            }
            if (refused != null) {
                ctx.closeSession(POLICY, refused);
                return;
            }
            Thread.ofVirtual().name("events-ws").start(() -> stream(ctx, tail.get(), limits, drops));
        }));
    }

    private static void stream(WsConnectContext ctx, EventTail tail, Supplier<SubscriberLimits> limits,
                               ReaderDrops drops) {
        try {
            String after = ctx.queryParam("after");
            long start = after == null ? tail.lastSequence() : EventRoutes.nonNegative("after", after, 0);
            String execution = ctx.queryParam("execution");
            new EventFollower(tail, limits).follow(start, CloudEvents.types(ctx.queryParam("type")), execution,
                    new Sender(ctx, limits, drops),
                    () -> drops.dropped(ReaderDrops.Transport.WEBSOCKET, ReaderDrops.Cause.LAG));
        } catch (ApiError e) {
            ctx.closeSession(POLICY, e.getMessage());
        } catch (IOException gone) {
            log.debug("Events over WebSocket ended: {}", gone.toString());
        } catch (Exception e) {
            log.warn("Events over WebSocket failed", e);
            if (ctx.session.isOpen()) {
                ctx.closeSession(1011, "internal error");
            }
        }
    }

    /** Sends without waiting for the client, counting what it has not taken yet. */
    private static final class Sender implements EventFollower.Sink {
        private final WsConnectContext ctx;
        private final Supplier<SubscriberLimits> limits;
        private final ReaderDrops drops;
        private final AtomicInteger unsent = new AtomicInteger();

        Sender(WsConnectContext ctx, Supplier<SubscriberLimits> limits, ReaderDrops drops) {
            this.ctx = ctx;
            this.limits = limits;
            this.drops = drops;
        }

        @Override
        public void send(long sequence, String type, String json) throws IOException {
            open();
            int max = limits.get().maxUnsent();
            if (unsent.get() >= max) {
                drops.dropped(ReaderDrops.Transport.WEBSOCKET, ReaderDrops.Cause.UNSENT);
                ctx.closeSession(POLICY, "slow subscriber: " + max + " events sent but not taken; reconnect and "
                        + "resume after the last sequence received");
                throw new IOException("slow subscriber dropped");
            }
            unsent.incrementAndGet();
            ctx.session.sendText(json, Callback.from(unsent::decrementAndGet, failure -> unsent.decrementAndGet()));
        }

        @Override
        public void keepAlive() throws IOException {
            open();
            ctx.sendPing(java.nio.ByteBuffer.allocate(0));
        }

        @Override
        public void end(String reason) throws IOException {
            if (ctx.session.isOpen()) {
                ctx.send(Json.write(Map.of("closed", reason)));
                ctx.closeSession(POLICY, reason.length() > 120 ? reason.substring(0, 120) : reason);
            }
        }

        private void open() throws IOException {
            if (!ctx.session.isOpen()) {
                throw new IOException("the client closed the WebSocket");
            }
        }
    }

    private static String refusal(WsConnectContext ctx, Tokens tokens) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "a bearer token is required (Authorization: Bearer <token>)";
        }
        Optional<Tokens.Identity> who = tokens.authenticate(header.substring(7).strip());
        if (who.isEmpty()) {
            return "unknown token";
        }
        return who.get().allows(Scope.CLIENT) ? null : "token '" + who.get().name() + "' lacks the client scope";
    }
}
