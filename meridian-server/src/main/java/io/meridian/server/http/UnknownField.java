package io.meridian.server.http;

import io.meridian.model.json.Json;
import io.meridian.model.text.Suggestions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The answer to a request body naming a field its endpoint does not know: 400 {@code unknown_field}, saying which
 * field, where (its path in the body, and line and column) and what was probably meant. Every JSON body is bound
 * by the one strict mapper, so a typo is refused here instead of silently falling back to a default.
 */
final class UnknownField {
    private UnknownField() {}

    static ApiError of(UnrecognizedPropertyException u) {
        String field = u.getPropertyName();
        List<String> known = u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        String path = path(u);
        String message = "unknown field '" + field + "'" + (path.equals(field) ? "" : " (at " + path + ")")
                + where(u) + hint(field, known);
        return new ApiError(400, "unknown_field", message, Json.object().put("field", path)
                .set("known_fields", Json.toTree(known)));
    }

    /**
     * Names from the seed's job model that /v1 spells differently: the /v1 field, and the shape it takes. Offered
     * only where that field is known, so a name is never pointed at an endpoint that has no such thing.
     */
    private static final Map<String, Map.Entry<String, String>> SEED_NAMES = Map.of(
            "requiredCapabilities", Map.entry("requires", "{\"capabilities\": [...]}"),
            "maxRetries", Map.entry("retry", "{\"max_retries\": N}"),
            "timeout", Map.entry("timeout_seconds", "seconds"),
            "jobType", Map.entry("type", "the stage type"));

    /**
     * A seed name's /v1 field, else a close spelling, else the snake_case form of a camelCase name if that is
     * known, else the known fields.
     */
    private static String hint(String field, List<String> known) {
        Map.Entry<String, String> seed = SEED_NAMES.get(field);
        if (seed != null && known.contains(seed.getKey())) {
            return "; did you mean '" + seed.getKey() + "' (" + seed.getValue() + ")?";
        }
        String snake = field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        String meant = known.contains(snake) ? snake : Suggestions.closest(field, known).orElse(null);
        return meant != null ? "; did you mean '" + meant + "'?" : "; known fields: " + String.join(", ", known);
    }

    /** The field's path in the body, such as {@code jobs[2].config}. */
    static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String where(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
