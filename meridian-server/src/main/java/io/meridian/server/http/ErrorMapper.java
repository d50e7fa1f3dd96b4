package io.meridian.server.http;

import io.meridian.model.codec.PipelineValidationException;
import io.meridian.model.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ObjectNode;

/** Turns exceptions into JSON errors with stable codes; never a stack trace. */
final class ErrorMapper {
    private ErrorMapper() {}

    static ApiError map(Throwable e) {
        return switch (e) {
            case ApiError a -> a;
            case PipelineValidationException v -> new ApiError(400, "validation_failed", invalidPipeline(v),
                    Json.toTree(v.errors()));
            case UnrecognizedPropertyException u -> UnknownField.of(u);
            case InvalidFormatException f -> new ApiError(400, "invalid_type", "wrong type for " + path(f) + where(f)
                    + ": " + f.getOriginalMessage());
            case MismatchedInputException m -> new ApiError(400, "invalid_type", "wrong or missing value for "
                    + path(m) + where(m) + ": " + m.getOriginalMessage());
            case JacksonException j -> new ApiError(400, "bad_request", "malformed JSON" + where(j) + ": "
                    + j.getOriginalMessage());
            case io.meridian.store.leader.FencedException f -> new ApiError(503, "not_leader",
                    "this coordinator's leadership ended while handling the request; nothing was changed: retry");
            case io.meridian.store.StoreException s when s.getCause() instanceof io.meridian.store.leader.FencedException
                    -> new ApiError(503, "not_leader",
                    "this coordinator's leadership ended while handling the request; nothing was changed: retry");
            // Out of space: say so, so operators free space instead of hunting for an election problem.
            case io.meridian.store.StoreException s when io.meridian.store.StorageFullException.isCause(s) ->
                    new ApiError(503, "storage_full", "the coordinator's store is full, so nothing can be committed ("
                            + s.getMessage() + "); nothing was acknowledged: free space, then retry");
            // The leader stopped acknowledging (its store refused a commit, or a component it needs died of an
            // Error): it steps down; the next leader takes the retry. The message names the cause.
            case io.meridian.engine.durability.CommitRefusedException r -> new ApiError(503,
                    r.getCause() instanceof io.meridian.store.StoreException ? "store_unavailable" : "coordinator_failed",
                    r.getMessage());
            // The store is unreachable or a commit failed (the coordinator then resigns and leadership is retaken
            // from the store): nothing was acknowledged, so the caller should retry, not treat it as a bug.
            case io.meridian.store.StoreException s -> new ApiError(503, "store_unavailable",
                    "the coordinator's store is unavailable; nothing was acknowledged: retry shortly");
            case IllegalArgumentException i -> new ApiError(400, "bad_request", i.getMessage());
            default -> new ApiError(500, "internal", "internal error (" + e.getClass().getSimpleName()
                    + "); see the coordinator's log");
        };
    }

    static ObjectNode body(ApiError error) {
        ObjectNode root = Json.object();
        ObjectNode e = root.putObject("error");
        e.put("code", error.code());
        e.put("message", error.getMessage());
        if (error.details() != null) {
            e.set("details", Json.toTree(error.details()));
        }
        return root;
    }

    private static String where(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String path(JacksonException e) {
        String p = e.getPathReference();
        return p == null || p.isBlank() ? "the body" : "'" + p.replaceAll("^[^\\[]*\\[", "[") + "'";
    }

    /**
     * Names the first problems as {@code meridian validate} prints them ({@code p.yaml:5:5: stage 'save': ...}),
     * so a client that shows only the message still sees what is wrong and where; details lists them all.
     */
    private static String invalidPipeline(PipelineValidationException v) {
        int shown = Math.min(v.errors().size(), 5);
        StringBuilder out = new StringBuilder("the pipeline is invalid: ").append(v.errors().size())
                .append(" problem(s): ");
        for (int i = 0; i < shown; i++) {
            out.append(i == 0 ? "" : "; ").append(v.errors().get(i));
        }
        return v.errors().size() > shown ? out.append("; and ").append(v.errors().size() - shown).append(" more")
                .toString() : out.toString();
    }
}
