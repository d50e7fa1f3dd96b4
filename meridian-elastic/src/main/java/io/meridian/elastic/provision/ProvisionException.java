package io.meridian.elastic.provision;

/** A provider refused or failed to start workers (no capacity, no spot offer, bad credentials, a crash on start). */
public class ProvisionException extends Exception {
    public ProvisionException(String message) {
        super(message);
    }

    public ProvisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
