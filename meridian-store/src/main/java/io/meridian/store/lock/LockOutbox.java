package io.meridian.store.lock;

import io.meridian.store.event.EventRecord;
import java.util.List;

/**
 * The events a lock transaction appends to the outbox, in the same transaction as its change. The store calls it
 * inside that transaction, once per attempt (a transaction retried after a rollback calls it again), with what
 * changed (never with nothing), and appends what it returns: numbered to
 * continue the log, as every append must be. When appending fails the change is rolled back with the events.
 */
@FunctionalInterface
public interface LockOutbox {

    /** No events: for a change made outside a leading coordinator (an administrator's command on the store). */
    LockOutbox NONE = changes -> List.of();

    List<EventRecord> eventsFor(List<LockChange> changes);
}
