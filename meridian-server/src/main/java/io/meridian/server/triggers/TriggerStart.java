package io.meridian.server.triggers;

import io.meridian.engine.Coordinator;
import io.meridian.engine.orchestrator.RequestIdConflict;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.InputBinder;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.template.TemplateResolver;
import io.meridian.model.template.TemplateScope;
import io.meridian.server.routes.PipelineRegistry;
import io.meridian.store.ExecutionRecord;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every trigger does with a message, webhook or broker: parse it, map it to the pipeline's inputs, and start
 * the pipeline under request id {@code trigger:NAME:MESSAGEID}, so that a redelivered message finds the execution
 * its first delivery started instead of starting another. Returns only after the execution was committed.
 */
public final class TriggerStart {

    /** The execution a message started, and whether an earlier delivery had started it. */
    public record Started(String executionId, String requestId, boolean duplicate) {}

    /** Why a message can never start its pipeline: the same message will fail the same way every time. */
    public enum Reason { NOT_JSON, BAD_INPUTS, NO_PIPELINE, ID_CONFLICT }

    /** A message that cannot start its pipeline; {@code executionId} is set for an {@link Reason#ID_CONFLICT}. */
    public static final class Rejected extends Exception {
        private final Reason reason;
        private final String executionId;

        Rejected(Reason reason, String message, String executionId) {
            super(message);
            this.reason = reason;
            this.executionId = executionId;
        }

        public Reason reason() {
            return reason;
        }

        public String executionId() {
            return executionId;
        }
    }

    private final Coordinator coordinator;
    private final PipelineRegistry pipelines;

    public TriggerStart(Coordinator coordinator, PipelineRegistry pipelines) {
        this.coordinator = coordinator;
        this.pipelines = pipelines;
    }

    /**
     * Starts trigger {@code trigger}'s pipeline from {@code body}, once per {@code messageId}.
     *
     * @param trigger   the trigger's name, in the request id
     * @param describe  how errors name the trigger ("trigger shop (pipeline orders)")
     * @param inputs    input name to template over the message; empty passes the whole message
     */
    public Started start(String trigger, String describe, String pipelineId, Map<String, String> inputs,
                         String messageId, byte[] body) throws Rejected {
        JsonNode message;
        try {
            message = Json.parse(body);
        } catch (RuntimeException e) {
            throw new Rejected(Reason.NOT_JSON, "the trigger message is not JSON: " + e.getMessage(), null);
        }
        Pipeline pipeline = pipelines.latest(pipelineId).orElseThrow(() -> new Rejected(Reason.NO_PIPELINE,
                describe + " starts pipeline '" + pipelineId + "', which is not registered", null));
        ObjectNode bound;
        try {
            bound = InputBinder.bind(pipeline, mapped(describe, inputs, message));
        } catch (IllegalArgumentException e) {
            throw new Rejected(Reason.BAD_INPUTS, e.getMessage(), null);
        }
        String requestId = "trigger:" + trigger + ":" + messageId;
        boolean seen = coordinator.executionByRequestId(requestId).isPresent();
        ExecutionRecord x;
        try {
            x = coordinator.startExecution(pipeline, bound, requestId);
        } catch (RequestIdConflict e) {
            throw new Rejected(Reason.ID_CONFLICT, "message " + messageId + " was delivered before with different"
                    + " content", e.executionId());
        } catch (IllegalArgumentException e) { // inputs over the execution limits
            throw new Rejected(Reason.BAD_INPUTS, e.getMessage(), null);
        }
        return new Started(x.id(), requestId, seen);
    }

    private static JsonNode mapped(String describe, Map<String, String> inputs, JsonNode message) {
        if (inputs.isEmpty()) {
            return message;
        }
        ObjectNode mapped = Json.object();
        TemplateScope scope = TemplateScope.of(message, Map.of());
        inputs.forEach((input, template) -> {
            try {
                mapped.set(input, TemplateResolver.resolveString(template, scope));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("input '" + input + "' of " + describe + ": " + e.getMessage(), e);
            }
        });
        return mapped;
    }
}
