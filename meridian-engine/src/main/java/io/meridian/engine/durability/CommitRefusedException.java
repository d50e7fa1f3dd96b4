package io.meridian.engine.durability;

import io.meridian.store.StoreException;

/**
 * A change this coordinator will not acknowledge: it hit a fatal error (the cause) or stepped down before the
 * change was committed. Callers answer 503 and retry; with a request id a retry is safe either way.
 */
public final class CommitRefusedException extends StoreException {
    public CommitRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    static CommitRefusedException after(Fitness.Fault fault) {
        return new CommitRefusedException("this coordinator stopped acknowledging changes because " + fault.describe()
                + "; it is stepping down so another coordinator takes over: retry", fault.cause());
    }

    static CommitRefusedException steppedDown() {
        return new CommitRefusedException("this coordinator stepped down before the change was confirmed durable; "
                + "it may or may not have been applied: retry (a request id makes the retry safe)", null);
    }
}
