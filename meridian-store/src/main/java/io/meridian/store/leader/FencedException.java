package io.meridian.store.leader;

import io.meridian.store.StoreException;

/** A commit refused because the writer's term is over: another coordinator leads now. Nothing was written. */
public final class FencedException extends StoreException {
    public FencedException(String message) {
        super(message);
    }
}
