package io.meridian.server.pools;

import io.meridian.elastic.policy.Decision;
import io.meridian.elastic.policy.ScalingListener;
import io.meridian.engine.Coordinator;
import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every scaling decision to the event log of the coordinator this node leads with, so that it reaches
 * {@code /v1/events}, {@code meridian events} and the sinks like any other state change. The autoscaler decides
 * only while a coordinator leads, and the event is committed through that coordinator's epoch-fenced writes before
 * the next decision: a deposed leader's decision is refused with its write, never recorded twice.
 */
public final class ScalingEvents implements ScalingListener {
    private static final Logger log = LoggerFactory.getLogger(ScalingEvents.class);
    private final Supplier<Optional<Coordinator>> leading;

    public ScalingEvents(Supplier<Optional<Coordinator>> leading) {
        this.leading = leading;
    }

    @Override
    public void decided(Decision decision) {
        leading.get().ifPresent(c -> {
            try {
                c.announce(of(decision));
            } catch (RuntimeException e) {
                // Leadership lost mid-tick, or the store failed (the coordinator steps down): the decision stays in
                // the in-memory log; a listener must not throw into the autoscaler.
                log.warn("Pool {}: the {} decision was not written to the event log: {}", decision.pool(),
                        decision.action().word(), e.toString());
            }
        });
    }

    /** The event of a decision: its type by action, subject the pool, data the sizes, the reason and the inputs. */
    public static EventRecord of(Decision d) {
        Map<String, Object> data = new TreeMap<>();
        d.inputs().forEach((key, value) -> {
            if (value != null) {
                data.put(key, scalar(value));
            }
        });
        data.put("pool", d.pool());
        data.put("action", d.action().word());
        data.put("current", d.current());
        data.put("desired", d.desired());
        data.put("changed", d.changed());
        data.put("reason", d.reason());
        return EventRecord.unnumbered(type(d.action()), d.at(), null, d.pool(), data);
    }

    static EventType type(Decision.Action action) {
        return switch (action) {
            case SCALE_UP -> EventType.POOL_SCALED_UP;
            case SCALE_DOWN -> EventType.POOL_SCALED_DOWN;
            case HOLD -> EventType.POOL_HELD;
            case START_TIMEOUT -> EventType.POOL_WORKER_FAILED_TO_START;
            case PROVIDER_ERROR -> EventType.POOL_BREAKER_OPENED;
        };
    }

    /** Event data holds scalars only: a list of inputs (the workers drained) becomes a comma-separated text. */
    private static Object scalar(Object value) {
        return switch (value) {
            case Collection<?> c -> c.stream().map(String::valueOf).collect(Collectors.joining(","));
            case String s -> s;
            case Number n -> n;
            case Boolean b -> b;
            default -> value.toString();
        };
    }
}
