package io.meridian.engine.federation;

/** A federated stage produced no output: every region failed, or the results could not be combined. */
public final class FederationFailure extends Exception {
    private final boolean retryable;

    public FederationFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** False when running the stage again cannot help (an unknown region, a majority vote that failed). */
    public boolean retryable() {
        return retryable;
    }
}
