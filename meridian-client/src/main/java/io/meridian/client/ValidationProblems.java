package io.meridian.client;

import io.meridian.model.codec.ValidationError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the problems of a {@code validation_failed} error's {@code details} (one object per problem). */
final class ValidationProblems {
    private ValidationProblems() {}

    static List<ValidationError> of(JsonNode error) {
        if (!"validation_failed".equals(error.path("code").asString(null)) || !error.path("details").isArray()) {
            return List.of();
        }
        List<ValidationError> out = new ArrayList<>();
        for (JsonNode p : error.path("details")) {
            out.add(new ValidationError(p.path("file").asString(null), p.path("line").asInt(0),
                    p.path("column").asInt(0), p.path("stage_id").asString(null), p.path("message").asString("")));
        }
        return out;
    }
}
