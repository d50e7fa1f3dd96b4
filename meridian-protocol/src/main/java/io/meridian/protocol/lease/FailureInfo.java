package io.meridian.protocol.lease;

/**
 * Why an attempt failed.
 *
 * @param type         a short machine word: handler_error, timeout, unknown_type, bad_config, ...
 * @param nonRetryable true when retrying cannot help (bad config, unknown type); the job fails at once
 */
public record FailureInfo(String type, String message, boolean nonRetryable) {}
