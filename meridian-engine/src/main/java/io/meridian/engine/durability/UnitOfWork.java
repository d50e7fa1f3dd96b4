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
    private final Map<String, Supplier<StoreWrite>> changed = new LinkedHashMap<>();
    private final List<io.meridian.store.event.EventRecord> events = new ArrayList<>();
    private final List<Runnable> onDurable = new ArrayList<>();
    private boolean newWork;
    /** Completes when this unit's writes are durable; set by {@link StateGuard} as the operation ends. */
    CompletableFuture<Void> durable;

    /** Marks a record changed; {@code snapshot} is called once when the operation ends. */
    public void changed(String key, Supplier<StoreWrite> snapshot) {
        changed.put(key, snapshot);
    }

    /** Records an event describing a change of this operation; it commits with the operation's writes. */
    public void emit(io.meridian.store.event.EventRecord event) {
        events.add(event);
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
