package io.meridian.model.codec;

import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import java.util.function.BiConsumer;

/** Range checks for retry, timeout, priority and resource settings. Reports (field, message). */
final class SettingsRules {
    private SettingsRules() {}

    static void priority(int priority, BiConsumer<String, String> report) {
        if (!Limits.validPriority(priority)) {
            report.accept("priority", Limits.PRIORITY + ", got " + priority);
        }
    }

    static void timeout(int seconds, BiConsumer<String, String> report) {
        if (!Limits.validTimeout(seconds)) {
            report.accept("timeout_seconds", Limits.TIMEOUT + ", got " + seconds);
        }
    }

    static boolean validRetry(RetryPolicy retry) {
        boolean[] valid = {true};
        retry(retry, (field, message) -> valid[0] = false);
        return valid[0];
    }

    static void retry(RetryPolicy retry, BiConsumer<String, String> report) {
        if (retry.maxRetries() < 0 || retry.maxRetries() > Limits.MAX_RETRIES) {
            report.accept("retry/max_retries", Limits.MAX_RETRIES_RULE + ", got " + retry.maxRetries());
        }
        // Written as !(in range) so NaN (possible in YAML as .nan) fails too.
        if (!Limits.validBackoff(retry.initialBackoffSeconds())) {
            report.accept("retry/initial_backoff_seconds", Limits.INITIAL_BACKOFF + ", got " + retry.initialBackoffSeconds());
        }
        if (!Limits.validBackoff(retry.maxBackoffSeconds())) {
            report.accept("retry/max_backoff_seconds", Limits.MAX_BACKOFF + ", got " + retry.maxBackoffSeconds());
        } else if (retry.maxBackoffSeconds() < retry.initialBackoffSeconds()) {
            report.accept("retry/max_backoff_seconds", "max_backoff_seconds must be ≥ initial_backoff_seconds");
        }
        if (!(retry.multiplier() >= 1 && retry.multiplier() <= Limits.MAX_MULTIPLIER)) {
            report.accept("retry/multiplier", Limits.MULTIPLIER + ", got " + retry.multiplier());
        }
        if (!(retry.jitter() >= 0 && retry.jitter() <= 1)) {
            report.accept("retry/jitter", Limits.JITTER + ", got " + retry.jitter());
        }
    }

    static void requirements(Requirements requires, BiConsumer<String, String> report) {
        if (requires.minCores() < 0) {
            report.accept("requires/min_cores", Limits.MIN_CORES + ", got " + requires.minCores());
        }
        if (requires.minMemoryMb() < 0) {
            report.accept("requires/min_memory_mb", Limits.MIN_MEMORY + ", got " + requires.minMemoryMb());
        }
        if (requires.gpus() < 0) {
            report.accept("requires/gpus", Limits.GPUS + ", got " + requires.gpus());
        }
        if (requires.nodeType() != null && !Requirements.NODE_TYPES.contains(requires.nodeType())) {
            report.accept("requires/node_type", "node_type must be one of " + String.join(", ",
                    Requirements.NODE_TYPES) + ", got '" + requires.nodeType() + "'");
        }
        for (int i = 0; i < requires.capabilities().size(); i++) {
            String capability = requires.capabilities().get(i);
            if (capability == null || capability.isBlank()) {
                report.accept("requires/capabilities/" + i, "capabilities must not be blank");
            }
        }
    }
}
