package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT;

import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsConnectContext;
import io.meridian.engine.Coordinator;
import io.meridian.model.json.Json;
import io.meridian.model.text.FieldRules;
import io.meridian.server.api.Fields;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Routes;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live views of an execution ({@link ExecutionWatch}): {@code GET /v1/executions/{id}/watch} as server-sent
 * events, and {@code /v1/executions/{id}/watch/ws} as a WebSocket whose text messages are
 * {@code {"event": ..., "data": {...}}}. Both need a client token (the WebSocket's in the upgrade request's
 * Authorization header; a missing or wrong one closes it with 1008, policy violation).
 */
public final class WatchRoutes {
    private static final Logger log = LoggerFactory.getLogger(WatchRoutes.class);
    static final String SSE = "/v1/executions/{id}/watch";
    static final String WEBSOCKET = "/v1/executions/{id}/watch/ws";

    private final Coordinator coordinator;

    public WatchRoutes(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    public void addTo(Routes r) {
        r.get(SSE, CLIENT, ex -> {
            String id = Fields.require(FieldRules.RECORD_ID, "execution id (path)", ex.path("id"));
            ExecutionWatch.find(coordinator, id);
            ex.eventStream(events -> ExecutionWatch.run(coordinator, id, new ExecutionWatch.Sink() {
                @Override
                public void send(String event, String json) throws Exception {
                    events.send(event, json);
                }

                @Override
                public void keepAlive() throws Exception {
                    events.keepAlive();
                }
            }));
        });
    }

    /**
     * The WebSocket route, registered once with the server: it follows whichever coordinator leads here now
     * ({@code leading} is empty while this server follows).
     */
    public static void addWebSocket(RoutesConfig routes, Tokens tokens, Supplier<Optional<Coordinator>> leading) {
        routes.ws(WEBSOCKET, ws -> ws.onConnect(ctx -> {
            String refused = refusal(ctx, tokens);
            Optional<Coordinator> coordinator = leading.get();
            if (refused == null && coordinator.isEmpty()) {
                refused = "this coordinator is not leading: connect to the leader";
            }
            if (refused != null) {
                ctx.closeSession(1008, refused);
                return;
            }
            Thread.ofVirtual().name("watch-ws").start(() -> stream(ctx, coordinator.get()));
        }));
    }

    private static void stream(WsConnectContext ctx, Coordinator coordinator) {
        try {
            String id = Fields.require(FieldRules.RECORD_ID, "execution id (path)", ctx.pathParam("id"));
            ExecutionWatch.run(coordinator, id, new ExecutionWatch.Sink() {
                @Override
                public void send(String event, String json) throws java.io.IOException {
                    if (!ctx.session.isOpen()) {
                        throw new java.io.IOException("the client closed the WebSocket");
                    }
                    ctx.send("{\"event\":" + Json.write(event) + ",\"data\":" + json + "}");
                }

                @Override
                public void keepAlive() throws java.io.IOException {
                    if (!ctx.session.isOpen()) {
                        throw new java.io.IOException("the client closed the WebSocket");
                    }
                    ctx.sendPing(java.nio.ByteBuffer.allocate(0));
                }
            });
            ctx.closeSession(1000, "finished");
        } catch (ApiError e) {
            ctx.closeSession(e.status() == 404 ? 4404 : 1008, e.getMessage());
        } catch (java.io.IOException gone) {
            log.debug("Watch over WebSocket ended: {}", gone.toString());
        } catch (Exception e) {
            log.warn("Watch over WebSocket failed", e);
            if (ctx.session.isOpen()) {
                ctx.closeSession(1011, "internal error");
            }
        }
    }

    /** Why the upgrade's token does not allow watching, or null when it does. */
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
