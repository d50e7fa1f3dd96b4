package io.meridian.server.api;

import io.meridian.model.json.Json;
import io.meridian.model.text.FieldRule;
import io.meridian.model.text.InvalidFieldException;
import io.meridian.server.http.ApiError;
import java.util.function.Supplier;

/**
 * Field checks at the HTTP edge: a value that breaks its {@link FieldRule} is answered 400 {@code invalid_field}
 * with {@code details: {field, rule, limit}} before it reaches the engine or a store.
 */
public final class Fields {
    private Fields() {}

    /** The value, if present and valid. */
    public static String require(FieldRule rule, String field, String value) {
        return run(() -> rule.require(field, value));
    }

    /** The value, if absent (null) or valid. */
    public static String check(FieldRule rule, String field, String value) {
        return run(() -> rule.check(field, value));
    }

    /** Runs {@code action}, answering an {@link InvalidFieldException} it throws (the engine's checks) with 400. */
    public static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (InvalidFieldException e) {
            throw invalid(e);
        }
    }

    public static ApiError invalid(InvalidFieldException e) {
        return new ApiError(400, "invalid_field", e.getMessage(), Json.object().put("field", e.field())
                .put("rule", e.rule()).put("limit", e.limit()));
    }
}
