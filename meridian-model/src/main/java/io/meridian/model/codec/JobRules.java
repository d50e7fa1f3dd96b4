package io.meridian.model.codec;

import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules a stage's settings obey, for a job submitted straight to the queue: one set of rules for both ways in
 * (priority 1–10, timeout 1 s – 7 days, retry ranges, resource requirements, a type the cluster can run).
 */
public final class JobRules {

    /** One broken rule: the field as the API names it, and what is wrong. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private JobRules() {}

    /**
     * @param knownTypes stage types the cluster can run; null skips the type check
     * @return the problems found, empty when the job is valid
     */
    public static List<Problem> check(String type, int priority, int timeoutSeconds, RetryPolicy retry,
                                      Requirements requires, Set<String> knownTypes) {
        List<Problem> problems = new ArrayList<>();
        if (type == null || type.isBlank()) {
            problems.add(new Problem("type", "type is required"));
        } else if (knownTypes != null && !knownTypes.contains(type)) {
            problems.add(new Problem("type", PipelineValidator.unknownType(type, knownTypes)));
        }
        SettingsRules.priority(priority, (f, m) -> problems.add(new Problem(f, m)));
        SettingsRules.timeout(timeoutSeconds, (f, m) -> problems.add(new Problem(f, m)));
        SettingsRules.retry(retry, (f, m) -> problems.add(new Problem(f.replace('/', '.'), m)));
        SettingsRules.requirements(requires, (f, m) -> problems.add(new Problem(f.replace('/', '.'), m)));
        return problems;
    }
}
