package io.meridian.store;

/** A store operation failed; nothing of the batch it belonged to was applied. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
