package io.meridian.server.pools;

import io.meridian.elastic.policy.Autoscaler;
import io.meridian.elastic.policy.DecisionLog;
import io.meridian.engine.Coordinator;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the autoscaler on the leader only: each interval it asks for the coordinator this node leads with, and a
 * node that follows (or is still reloading state) decides nothing. The coordinator exists only for the term it was
 * built in (its store writes are fenced by that term's epoch), so a deposed leader's last tick reads a coordinator
 * that is being dropped, and the next tick finds none. The workers a node started keep running when it stops
 * leading: they serve whichever coordinator leads, and the new leader's autoscaler sizes its own pools.
 */
public final class PoolsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PoolsRunner.class);
    private final Autoscaler autoscaler;
    private final DecisionLog decisions;
    private final Supplier<Optional<Coordinator>> leading;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean closed;

    private PoolsRunner(Autoscaler autoscaler, DecisionLog decisions, Supplier<Optional<Coordinator>> leading,
                        Duration interval) {
        this.autoscaler = autoscaler;
        this.decisions = decisions;
        this.leading = leading;
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("meridian-autoscaler").unstarted(this::run);
    }

    /** Starts deciding every {@code interval} while {@code leading} gives a coordinator. */
    public static PoolsRunner start(Autoscaler autoscaler, DecisionLog decisions,
                                    Supplier<Optional<Coordinator>> leading, Duration interval) {
        PoolsRunner r = new PoolsRunner(autoscaler, decisions, leading, interval);
        r.thread.start();
        return r;
    }

    public Autoscaler autoscaler() {
        return autoscaler;
    }

    public DecisionLog decisions() {
        return decisions;
    }

    private void run() {
        while (!closed) {
            try {
                leading.get().ifPresent(c -> autoscaler.tick(CoordinatorDemand.read(c, java.time.Instant.now())));
            } catch (RuntimeException e) {
                // A coordinator dropped mid-read, a provisioner bug: this tick is lost, the next one tries again.
                log.warn("Autoscaler tick failed: {}; trying again in {} ms", e.toString(), interval.toMillis());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
