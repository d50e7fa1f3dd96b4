package io.meridian.model.codec;

import io.meridian.model.pipeline.RetryPolicy;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a {@code retry} object; fields it leaves out keep the values of {@code base}. */
final class RetryDecoder {
    private RetryDecoder() {}

    static RetryPolicy decode(JsonNode retry, String pointer, RetryPolicy base, NodeReader reader,
                              List<Problem> problems, String stageId) {
        KnownFields.RETRY.check(retry, pointer, stageId, problems);
        Integer maxRetries = reader.integer(retry, pointer, "max_retries", Limits.MAX_RETRIES_RULE);
        Double initial = reader.number(retry, pointer, "initial_backoff_seconds", Limits.INITIAL_BACKOFF);
        Double multiplier = reader.number(retry, pointer, "multiplier", Limits.MULTIPLIER);
        Double max = reader.number(retry, pointer, "max_backoff_seconds", Limits.MAX_BACKOFF);
        Double jitter = reader.number(retry, pointer, "jitter", Limits.JITTER);
        return new RetryPolicy(
                maxRetries == null ? base.maxRetries() : maxRetries,
                initial == null ? base.initialBackoffSeconds() : initial,
                multiplier == null ? base.multiplier() : multiplier,
                max == null ? base.maxBackoffSeconds() : max,
                jitter == null ? base.jitter() : jitter);
    }
}
