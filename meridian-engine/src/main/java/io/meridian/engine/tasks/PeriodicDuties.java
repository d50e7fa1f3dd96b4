package io.meridian.engine.tasks;

import io.meridian.engine.durability.Fitness;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the coordinator's periodic duties (promote delayed jobs, requeue lapsed leases, time out overdue
 * attempts, drop silent workers) on one daemon thread. Tests skip it and call the duty by hand. A failed run is
 * retried at the next interval; an {@link Error} is fatal: lease expiry and timeouts would silently stop, so the
 * coordinator is marked unfit and steps down instead of leading without its timers.
 */
public final class PeriodicDuties implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicDuties.class);
    private final Thread thread;
    private volatile boolean stopped;

    public PeriodicDuties(Runnable duty, Duration interval, Fitness fitness) {
        this.thread = Thread.ofPlatform().name("meridian-duties").daemon().start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(interval);
                    duty.run();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.error("Periodic duty failed; will try again in {} ms", interval.toMillis(), e);
                } catch (Throwable fatal) {
                    fitness.fatal("periodic duties (lease expiry, timeouts, sweeps)", fatal);
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
