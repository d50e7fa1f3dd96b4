package io.meridian.client;

/** No coordinator could be reached (every address refused, timed out or was overloaded). */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
