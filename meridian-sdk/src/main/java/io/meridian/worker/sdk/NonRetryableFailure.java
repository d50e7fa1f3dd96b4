package io.meridian.worker.sdk;

/**
 * A failure that retrying cannot fix (the input is wrong, a record does not exist, the caller is not allowed):
 * the job fails at once whatever its stage's retry policy, without spending its retries. Its type is
 * {@code non_retryable} unless given.
 *
 * <pre>{@code
 * if (order == null) throw new NonRetryableFailure("order " + id + " does not exist");
 * }</pre>
 */
public class NonRetryableFailure extends TaskFailure {
    public static final String TYPE = "non_retryable";

    public NonRetryableFailure(String message) {
        super(TYPE, message, true);
    }

    public NonRetryableFailure(String type, String message) {
        super(type, message, true);
    }

    /** Keeps {@code cause}'s stack trace in the attempt's error. */
    public NonRetryableFailure(String message, Throwable cause) {
        super(TYPE, message, true, cause);
    }
}
