package io.meridian.server.api;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.server.http.ApiError;
import io.meridian.store.query.ExecutionCursor;
import io.meridian.store.query.ExecutionQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The query string of {@code GET /v1/executions} as an {@link ExecutionQuery}. Every refusal is a 400 with the
 * code {@code invalid_parameter} and a message that starts with the parameter's name.
 */
public final class ExecutionQueryParams {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    private static final String STATUSES = Arrays.stream(ExecutionStatus.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));

    private ExecutionQueryParams() {}

    /** {@code query} gives a parameter's decoded value, or null when absent. */
    public static ExecutionQuery parse(Function<String, String> query) {
        String pipelineId = Fields.check(io.meridian.model.text.FieldRules.PIPELINE_ID, "pipeline_id",
                blankToNull(query.apply("pipeline_id")));
        Integer version = version(query.apply("pipeline_version"));
        if (version != null && pipelineId == null) {
            throw invalid("pipeline_version needs pipeline_id: a version number means nothing without the pipeline");
        }
        Instant from = instant("created_from", query.apply("created_from"));
        Instant to = instant("created_to", query.apply("created_to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw invalid("created_from must be before created_to, got " + from + " and " + to);
        }
        String cursor = blankToNull(query.apply("cursor"));
        if (cursor != null) {
            try {
                ExecutionCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw invalid("cursor: " + e.getMessage() + " (pass next_cursor back unchanged)");
            }
        }
        return new ExecutionQuery(pipelineId, version, statuses(query.apply("status")), from, to, cursor,
                limit(query.apply("limit")));
    }

    private static Integer version(String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw invalid("pipeline_version must be a positive integer, got '" + text + "'");
    }

    private static Set<ExecutionStatus> statuses(String text) {
        Set<ExecutionStatus> out = EnumSet.noneOf(ExecutionStatus.class);
        if (blankToNull(text) == null) {
            return out;
        }
        for (String part : text.split(",")) {
            try {
                out.add(ExecutionStatus.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid("status: unknown status '" + part.strip() + "' (use a comma list of " + STATUSES + ")");
            }
        }
        return out;
    }

    /** An instant with an offset, or a date meaning its start in UTC. */
    static Instant instant(String name, String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        String t = text.strip();
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z or a date such as "
                    + "2026-01-31, got '" + text + "'");
        }
    }

    private static int limit(String text) {
        if (blankToNull(text) == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw invalid("limit must be an integer from 1 to " + MAX_LIMIT + ", got '" + text + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ApiError invalid(String message) {
        return new ApiError(400, "invalid_parameter", message);
    }
}
