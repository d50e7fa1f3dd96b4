package io.meridian.server.triggers;

import java.time.Duration;
import java.util.Map;

/**
 * A pipeline started by a signed HTTP POST to {@code /v1/triggers/NAME} ({@code events.triggers} in meridian.yaml).
 *
 * @param name       the path segment; also part of each execution's request id
 * @param pipelineId the registered pipeline started (its latest version)
 * @param secret     the HMAC secret the sender signs with (header {@code Meridian-Signature}, as sinks sign)
 * @param inputs     input name to a template over the message: {@code {{input.order.id}}} is the message's
 *                   {@code order.id}; no mapping passes the whole message as the inputs
 * @param tolerance  how far the signature's timestamp may be from this server's clock (older: a replay, refused)
 */
public record WebhookTrigger(String name, String pipelineId, String secret, Map<String, String> inputs,
                             Duration tolerance) {

    public WebhookTrigger {
        checkName(name);
        if (pipelineId == null || pipelineId.isBlank()) {
            throw new IllegalArgumentException("trigger '" + name + "' needs the pipeline it starts");
        }
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("trigger '" + name + "' needs a secret of at least 16 characters");
        }
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
    }

    /** Trigger names, of every kind: a path segment and part of a request id. */
    static void checkName(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("a trigger's name must be 1-64 of a-z, 0-9, '_', '.', '-', got "
                    + (name == null ? "nothing" : "'" + name + "'"));
        }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "trigger " + name + " (pipeline " + pipelineId + ")";
    }
}
