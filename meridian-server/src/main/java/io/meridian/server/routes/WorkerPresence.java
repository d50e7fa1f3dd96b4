package io.meridian.server.routes;

import io.meridian.engine.Coordinator;
import io.meridian.server.http.Exchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which connections each remote worker talks to this coordinator on, to notice at once when a worker's process
 * dies: its kernel closes all its sockets, so the worker's last open connection closes without a goodbye
 * (deregistration). Heartbeats would take three intervals to tell. The worker is then SUSPECT (no new jobs)
 * and, unless it is seen again within the grace (a live client may close its only pooled connection and open
 * another), taken for dead: its jobs are requeued. A wrong guess is safe: the attempt number fences its late
 * reports. A frozen process (SIGSTOP, a partition) keeps its connections open; heartbeats catch it.
 * <p>Only a caller that proved the registration (its session secret) can make a worker suspect: the engine
 * checks id, incarnation and secret before acting.
 */
public final class WorkerPresence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerPresence.class);

    /** One worker registration as a request claimed it. */
    private record Identity(String workerId, String incarnation, String secret) {}

    private final Coordinator coordinator;
    private final Duration grace;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<Identity, Set<Object>> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public WorkerPresence(Coordinator coordinator, Duration grace) {
        this.coordinator = coordinator;
        this.grace = grace;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("worker-presence")
                .factory());
    }

    /** A request of this worker arrived on {@code ex}'s connection: watch that connection close. */
    public void seen(Exchange ex, String workerId, String incarnation, String secret) {
        if (secret == null || closed) {
            return;
        }
        Identity who = new Identity(workerId, incarnation, secret);
        Object connection = ex.connection();
        boolean[] added = new boolean[1];
        open.compute(who, (k, set) -> {
            Set<Object> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            added[0] = s.add(connection);
            return s;
        });
        if (added[0]) {
            ex.onConnectionClosed(() -> closed(who, connection));
        }
    }

    private void closed(Identity who, Object connection) {
        boolean[] last = new boolean[1];
        open.computeIfPresent(who, (k, set) -> {
            last[0] = set.remove(connection) && set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        if (last[0] && !closed) {
            // off Jetty's thread: the engine's state lock may be busy
            timer.execute(() -> suspect(who));
        }
    }

    private void suspect(Identity who) {
        try {
            Optional<Instant> since = coordinator.suspectWorker(who.workerId(), who.incarnation(), who.secret());
            since.ifPresent(t -> {
                log.info("Worker {}: its connections closed without a goodbye; suspect, its jobs are requeued unless "
                        + "it is back within {} ms (server.disconnect_grace_millis)", who.workerId(), grace.toMillis());
                timer.schedule(() -> release(who, t), grace.toMillis(), TimeUnit.MILLISECONDS);
            });
        } catch (RuntimeException e) {
            log.debug("Worker {}: could not mark it suspect: {}", who.workerId(), e.toString());
        }
    }

    private void release(Identity who, Instant since) {
        if (closed || open.containsKey(who)) {
            return; // back on a new connection (its request touched it too)
        }
        try {
            coordinator.releaseSuspectWorker(who.workerId(), who.incarnation(), who.secret(), since);
        } catch (RuntimeException e) {
            log.debug("Worker {}: could not release its jobs: {}", who.workerId(), e.toString());
        }
    }

    /** Stops watching: a stopping server closes every connection, which says nothing about the workers. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
