package io.meridian.server.triggers;

import io.meridian.engine.Coordinator;
import io.meridian.events.WebhookSignature;
import io.meridian.model.json.Json;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.server.routes.PipelineRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /v1/triggers/{name}}: starts the trigger's pipeline from a signed message. No token: the signature
 * is the credential, checked before anything else (a bad one or an old timestamp is a 401 and starts nothing). The
 * message id ({@code Meridian-Event-Id} or {@code Idempotency-Key}) makes the request id, so a redelivered message
 * answers 200 with the execution it started the first time. 201 is sent only after the execution was committed.
 */
public final class TriggerRoutes {

    private final TriggerStart start;
    private final Supplier<List<WebhookTrigger>> triggers;
    private final Clock clock;

    public TriggerRoutes(Coordinator coordinator, PipelineRegistry pipelines, Supplier<List<WebhookTrigger>> triggers,
                         Clock clock) {
        this.start = new TriggerStart(coordinator, pipelines);
        this.triggers = triggers;
        this.clock = clock;
    }

    public void addTo(Routes routes) {
        routes.post("/v1/triggers/{name}", null, this::fire);
    }

    private void fire(Exchange ex) throws Exception {
        String name = ex.path("name");
        WebhookTrigger trigger = triggers.get().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiError.notFound("trigger " + name));
        byte[] body = ex.rawBody();
        if (!WebhookSignature.verify(trigger.secret(), ex.header(WebhookSignature.HEADER), body, clock.instant(),
                trigger.tolerance())) {
            throw new ApiError(401, "bad_signature", "the " + WebhookSignature.HEADER + " header is missing, does not"
                    + " match the body, or its timestamp is more than " + trigger.tolerance().toSeconds()
                    + " s from this server's clock");
        }
        String messageId = Optional.ofNullable(ex.header("Meridian-Event-Id")).orElse(ex.header("Idempotency-Key"));
        if (messageId == null || messageId.isBlank() || messageId.length() > 180) {
            throw ApiError.badRequest("a trigger message needs its id (1-180 characters) in the Meridian-Event-Id or"
                    + " Idempotency-Key header: it keeps a redelivered message from starting a second execution");
        }
        TriggerStart.Started started;
        try {
            started = start.start(trigger.name(), trigger.toString(), trigger.pipelineId(), trigger.inputs(), messageId,
                    body);
        } catch (TriggerStart.Rejected e) {
            throw switch (e.reason()) {
                case NO_PIPELINE -> new ApiError(409, "pipeline_not_registered", e.getMessage());
                case ID_CONFLICT -> new ApiError(409, "request_id_conflict", e.getMessage(),
                        Json.object().put("execution_id", e.executionId()));
                case NOT_JSON, BAD_INPUTS -> ApiError.badRequest(e.getMessage());
            };
        }
        ex.json(started.duplicate() ? 200 : 201, Json.object().put("execution_id", started.executionId())
                .put("request_id", started.requestId()));
    }
}
