package io.meridian.elastic.provision;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts pool workers as {@code meridian worker} processes on this machine. Each gets its own id, the pool's
 * capabilities, labels ({@link PoolSpec#POOL_LABEL} among them), node type, region and cost, the coordinator's
 * address and a worker token through its environment (never its command line, which {@code ps} shows), and writes
 * its output to {@code <logDir>/<id>.log}.
 *
 * <p>A worker that exits without being asked is started again with the same id, up to {@value #MAX_RESTARTS}
 * times. Stopping sends SIGTERM, on which a worker stops taking jobs, finishes what it runs and deregisters; one still
 * running after {@code drainGrace} is killed. Closing stops every worker this provisioner started.
 */
public final class LocalProvisioner implements Provisioner {
    static final int MAX_RESTARTS = 5;
    private static final Logger log = LoggerFactory.getLogger(LocalProvisioner.class);
    private final List<String> workerCommand;
    private final Map<String, String> environment;
    private final Path logDir;
    private final Duration drainGrace;
    private final InstantSource clock;
    private final String prefix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, LocalWorker> workers = new LinkedHashMap<>();
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("meridian-local-provisioner").unstarted(r));
    private boolean closed;

    /**
     * @param workerCommand how to run {@code meridian worker} (the java binary, class path, main class and
     *                      {@code worker}); the pool's options are appended
     * @param environment   added to each worker's environment: MERIDIAN_COORDINATOR and MERIDIAN_TOKEN
     */
    public LocalProvisioner(List<String> workerCommand, Map<String, String> environment, Path logDir,
                            Duration drainGrace, InstantSource clock) {
        this.workerCommand = List.copyOf(workerCommand);
        this.environment = Map.copyOf(environment);
        this.logDir = logDir;
        this.drainGrace = drainGrace;
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.LOCAL;
    }

    @Override
    public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException {
        if (closed) {
            throw new ProvisionException("the local provisioner is closed");
        }
        List<LocalWorker> started = new ArrayList<>();
        try {
            Files.createDirectories(logDir);
            for (int i = 0; i < count; i++) {
                String id = pool.name() + "-" + prefix + "-" + next.incrementAndGet();
                LocalWorker w = new LocalWorker(id, pool);
                launch(w);
                started.add(w);
                workers.put(id, w);
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(w -> {
                workers.remove(w.id);
                w.stopping = true;
                w.process.destroyForcibly();
            });
            throw new ProvisionException("could not start a worker process for pool '" + pool.name() + "': "
                    + e.getMessage(), e);
        }
        return started.stream().map(LocalWorker::view).toList();
    }

    @Override
    public synchronized void stop(String workerId) {
        LocalWorker w = workers.get(workerId);
        if (w == null || w.stopping) {
            return;
        }
        w.stopping = true;
        w.process.destroy(); // SIGTERM: the worker drains, deregisters and exits
        Process p = w.process;
        killer.schedule(() -> {
            if (p.isAlive()) {
                log.warn("Worker {} still runs {} s after it was asked to stop; killing it", workerId,
                        drainGrace.toSeconds());
                p.destroyForcibly();
            }
        }, drainGrace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized List<ProvisionedWorker> running(String pool) {
        return workers.values().stream().filter(w -> w.pool.name().equals(pool)).map(LocalWorker::view).toList();
    }

    /** Stops every worker (SIGTERM), waits up to the drain grace for them to exit, then kills what is left. */
    @Override
    public void close() {
        List<LocalWorker> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(workers.values());
            all.forEach(w -> w.stopping = true);
        }
        all.forEach(w -> w.process.destroy());
        long until = System.nanoTime() + drainGrace.toNanos();
        for (LocalWorker w : all) {
            try {
                long left = Math.max(0, until - System.nanoTime());
                if (!w.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    log.warn("Worker {} did not drain within {} s; killing it", w.id, drainGrace.toSeconds());
                    w.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.process.destroyForcibly();
            }
        }
        synchronized (this) {
            workers.clear();
        }
        killer.shutdownNow();
    }

    private void launch(LocalWorker w) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command(w.id, w.pool));
        b.environment().putAll(environment);
        b.redirectErrorStream(true);
        b.redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(w.id + ".log").toFile()));
        w.process = b.start();
        w.startedAt = clock.instant();
        Process p = w.process;
        p.onExit().thenRun(() -> exited(w, p));
        log.info("Started worker {} of pool {} (pid {})", w.id, w.pool.name(), p.pid());
    }

    private synchronized void exited(LocalWorker w, Process p) {
        if (w.process != p || workers.get(w.id) != w) {
            return;
        }
        if (w.stopping || closed) {
            workers.remove(w.id);
            log.info("Worker {} of pool {} stopped (exit {})", w.id, w.pool.name(), p.exitValue());
            return;
        }
        if (w.restarts >= MAX_RESTARTS) {
            workers.remove(w.id);
            log.error("Worker {} of pool {} exited with {} after {} restarts; not starting it again (its output: {})",
                    w.id, w.pool.name(), p.exitValue(), w.restarts, logDir.resolve(w.id + ".log"));
            return;
        }
        w.restarts++;
        log.warn("Worker {} of pool {} exited with {} unasked; starting it again (restart {})", w.id, w.pool.name(),
                p.exitValue(), w.restarts);
        try {
            launch(w);
        } catch (IOException e) {
            workers.remove(w.id);
            log.error("Worker {} could not be started again: {}", w.id, e.getMessage());
        }
    }

    /** A drained worker finishes its jobs within this, a little less than the grace before it is killed. */
    private long workerDrainSeconds() {
        return Math.max(1, drainGrace.toSeconds() - Math.min(10, drainGrace.toSeconds() / 4));
    }

    private List<String> command(String id, PoolSpec pool) {
        List<String> c = new ArrayList<>(workerCommand);
        c.addAll(List.of("--id", id, "--concurrency", String.valueOf(pool.workerSlots()), "--node-type",
                pool.nodeType().word(), "--cost-per-hour", String.valueOf(pool.costPerHour()), "--label",
                PoolSpec.POOL_LABEL + "=" + pool.name(), "--drain-seconds", String.valueOf(workerDrainSeconds())));
        if (!pool.capabilities().isEmpty()) {
            c.addAll(List.of("--capabilities", String.join(",", pool.capabilities())));
        }
        if (pool.region() != null) {
            c.addAll(List.of("--region", pool.region()));
        }
        pool.labels().forEach((k, v) -> c.addAll(List.of("--label", k + "=" + v)));
        return c;
    }

    /** One worker this provisioner runs; guarded by the provisioner's lock. */
    private static final class LocalWorker {
        final String id;
        final PoolSpec pool;
        Process process;
        java.time.Instant startedAt;
        int restarts;
        boolean stopping;

        LocalWorker(String id, PoolSpec pool) {
            this.id = id;
            this.pool = pool;
        }

        ProvisionedWorker view() {
            return new ProvisionedWorker(id, pool.name(), startedAt, restarts, stopping);
        }
    }
}
