package io.meridian.engine.durability;

import io.meridian.store.StoreWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The changes one engine operation made, collected while it holds the state lock. Each changed record is
 * snapshotted once, at the end, so an operation that touches a job five times writes it once.
 */
public final class UnitOfWork {
    /** Sized for a worker exchange (tens of reports and grants), the commonest large unit; small ones waste little. */
    private final Map<String, Supplier<StoreWrite>> changed = LinkedHashMap.newLinkedHashMap(64);
    private final List<io.meridian.store.event.EventRecord> events = new ArrayList<>();
    private final List<Runnable> onDurable = new ArrayList<>();
    private boolean newWork;
    private final boolean keepsEvents;
    /** Completes when this unit's writes are durable; set by {@link StateGuard} as the operation ends. */
    CompletableFuture<Void> durable;

    /** {@code keepsEvents}: whether events are recorded at all (events.enabled); when not, {@link #emit} drops them. */
    UnitOfWork(boolean keepsEvents) {
        this.keepsEvents = keepsEvents;
    }

    /**
     * Whether events emitted here are kept. Where an event is built for every job change, check this first: with
     * events turned off, building them (a map of fields and a record per state change) is wasted work on the
     * hottest path.
     */
    public boolean keepsEvents() {
        return keepsEvents;
    }

    /** Marks a record changed; {@code snapshot} is called once when the operation ends. */
    public void changed(String key, Supplier<StoreWrite> snapshot) {
        changed.put(key, snapshot);
    }

    /** Records an event describing a change of this operation; it commits with the operation's writes. */
    public void emit(io.meridian.store.event.EventRecord event) {
        if (keepsEvents) {
            events.add(event);
        }
    }

    List<io.meridian.store.event.EventRecord> events() {
        return events;
    }

    /**
     * Runs {@code action} once this operation's writes are durable, before the operation returns (on its own
     * thread, without the state lock; never if the commit fails). For letting go of what memory held only until
     * the store had it.
     */
    public void onDurable(Runnable action) {
        onDurable.add(action);
    }

    void durableNow() {
        onDurable.forEach(Runnable::run);
    }

    /** Records that jobs became ready, so workers waiting in a long poll are woken. */
    public void newWorkAvailable() {
        newWork = true;
    }

    boolean hasNewWork() {
        return newWork;
    }

    List<StoreWrite> writes() {
        List<StoreWrite> out = new ArrayList<>(changed.size());
        changed.values().forEach(s -> out.add(s.get()));
        return out;
    }
}
