package io.meridian.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Which executions {@link MeridianClient#executions(ExecutionFilter)} asks for. Null fields do not filter; the
 * coordinator checks the values and answers 400 {@code invalid_parameter} naming a bad one.
 *
 * @param statuses    a comma list such as {@code running,failed}
 * @param createdFrom ISO-8601 time or date, inclusive
 * @param createdTo   ISO-8601 time or date, exclusive
 * @param limit       page size (1–1000; the coordinator's default is 50)
 * @param cursor      {@code next_cursor} of the previous page
 */
public record ExecutionFilter(String pipelineId, Integer pipelineVersion, String statuses, String createdFrom,
                              String createdTo, Integer limit, String cursor) {

    /** The newest executions of any pipeline. */
    public static ExecutionFilter newest(int limit) {
        return new ExecutionFilter(null, null, null, null, null, limit, null);
    }

    /** The same filter for the page after {@code cursor}. */
    public ExecutionFilter after(String nextCursor) {
        return new ExecutionFilter(pipelineId, pipelineVersion, statuses, createdFrom, createdTo, limit, nextCursor);
    }

    String queryString() {
        List<String> parts = new ArrayList<>();
        add(parts, "pipeline_id", pipelineId);
        add(parts, "pipeline_version", pipelineVersion);
        add(parts, "status", statuses);
        add(parts, "created_from", createdFrom);
        add(parts, "created_to", createdTo);
        add(parts, "limit", limit);
        add(parts, "cursor", cursor);
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + Paths.query(value.toString()));
        }
    }
}
