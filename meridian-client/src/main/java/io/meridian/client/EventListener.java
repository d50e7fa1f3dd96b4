package io.meridian.client;

import io.meridian.protocol.api.CloudEvent;

/** Hears the events of an {@link EventSubscription}, in sequence order, on the subscription's own thread. */
@FunctionalInterface
public interface EventListener {

    /** One event; the next is not delivered until this returns. Throwing ends the subscription. */
    void onEvent(CloudEvent event) throws Exception;

    /**
     * A failed poll (coordinator unreachable, leader changing): the subscription retries after a pause and
     * resumes after the last event delivered, so nothing is missed. Logs nothing by default.
     */
    default void onRetry(RuntimeException failure) {
    }
}
