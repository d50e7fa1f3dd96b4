package io.meridian.server.api;

import io.meridian.model.pipeline.Placement;
import io.meridian.model.pipeline.Requirements;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/queue/jobs}: one job, or several as {@code jobs}. Unknown fields are refused.
 *
 * @param config         what the job's handler receives as its config, as a pipeline stage's {@code config}
 * @param payload        the older name of {@code config}, still accepted (never both)
 * @param priority       1 (low) to 10, default 5; kept as JSON so a fraction or a string is refused, not rounded
 * @param timeoutSeconds default 3600, checked as {@code priority}
 * @param retry          a partial retry policy (say just {@code max_retries}) takes the defaults' other settings
 * @param notBefore      with one job: an ISO-8601 instant before which it is not leased
 * @param jobs           several jobs in one request (then no other top-level field)
 */
public record JobSubmission(String type, JsonNode config, JsonNode payload, JsonNode priority, JsonNode timeoutSeconds,
                            JsonNode retry, Requirements requires, Placement placement, String notBefore,
                            List<JobSubmission> jobs) {

    /** The single job, or each of {@code jobs}. */
    public List<JobSubmission> items() {
        if (jobs == null) {
            return List.of(this);
        }
        if (type != null || config != null || payload != null || priority != null || timeoutSeconds != null
                || retry != null || requires != null || placement != null || notBefore != null) {
            throw new IllegalArgumentException("give one job (type, config, ...) or several as jobs: [...], not both");
        }
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i) == null || jobs.get(i).jobs() != null || jobs.get(i).notBefore() != null) {
                throw new IllegalArgumentException("jobs[" + i + "] must be one job (not_before and nested jobs "
                        + "apply to a single-job request only)");
            }
        }
        return jobs;
    }

    /** The handler's config: {@code config}, or {@code payload}, or null when neither was given. */
    public JsonNode handlerConfig(String where) {
        if (config != null && payload != null) {
            throw new IllegalArgumentException(where + "config and " + where + "payload are the same thing (payload "
                    + "is its older name): give one");
        }
        return config != null ? config : payload;
    }
}
