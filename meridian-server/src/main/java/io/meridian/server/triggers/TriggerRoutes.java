package io.meridian.server.triggers;

import io.meridian.engine.Coordinator;
import io.meridian.engine.orchestrator.RequestIdConflict;
import io.meridian.events.WebhookSignature;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.InputBinder;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.template.TemplateResolver;
import io.meridian.model.template.TemplateScope;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.server.routes.PipelineRegistry;
import io.meridian.store.ExecutionRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/triggers/{name}}: starts the trigger's pipeline from a signed message. No token: the signature
 * is the credential, checked before anything else (a bad one or an old timestamp is a 401 and starts nothing). The
 * message id ({@code Meridian-Event-Id} or {@code Idempotency-Key}) makes the request id, so a redelivered message
 * answers 200 with the execution it started the first time. 201 is sent only after the execution was committed.
 */
public final class TriggerRoutes {

    private final Coordinator coordinator;
    private final PipelineRegistry pipelines;
    private final Supplier<List<WebhookTrigger>> triggers;
    private final Clock clock;

    public TriggerRoutes(Coordinator coordinator, PipelineRegistry pipelines, Supplier<List<WebhookTrigger>> triggers,
                         Clock clock) {
        this.coordinator = coordinator;
        this.pipelines = pipelines;
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
        JsonNode message;
        try {
            message = Json.parse(body);
        } catch (RuntimeException e) {
            throw ApiError.badRequest("the trigger message is not JSON: " + e.getMessage());
        }
        Pipeline pipeline = pipelines.latest(trigger.pipelineId()).orElseThrow(() -> new ApiError(409,
                "pipeline_not_registered", trigger + " starts pipeline '" + trigger.pipelineId()
                + "', which is not registered"));
        ObjectNode inputs = InputBinder.bind(pipeline, mapped(trigger, message));
        String requestId = "trigger:" + trigger.name() + ":" + messageId;
        boolean seen = coordinator.executionByRequestId(requestId).isPresent();
        ExecutionRecord x;
        try {
            x = coordinator.startExecution(pipeline, inputs, requestId);
        } catch (RequestIdConflict e) {
            throw new ApiError(409, "request_id_conflict", "message " + messageId + " was delivered before with"
                    + " different content", Json.object().put("execution_id", e.executionId()));
        }
        ex.json(seen ? 200 : 201, Json.object().put("execution_id", x.id()).put("request_id", requestId));
    }

    private static JsonNode mapped(WebhookTrigger trigger, JsonNode message) {
        if (trigger.inputs().isEmpty()) {
            return message;
        }
        ObjectNode inputs = Json.object();
        TemplateScope scope = TemplateScope.of(message, Map.of());
        trigger.inputs().forEach((input, template) -> {
            try {
                inputs.set(input, TemplateResolver.resolveString(template, scope));
            } catch (RuntimeException e) {
                throw ApiError.badRequest("input '" + input + "' of " + trigger + ": " + e.getMessage());
            }
        });
        return inputs;
    }
}
