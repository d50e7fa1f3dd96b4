package io.meridian.elastic.policy;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sizes each pool from demand, one {@link #tick} at a time, and tells the provisioners. Plain Java with an injected
 * clock: whoever calls {@code tick} decides when (the leading coordinator, each second; a benchmark, in simulated
 * time).
 *
 * <p>The size a pool needs is its share of the waiting jobs ({@link DemandSplit}: cheapest fitting pool first) plus
 * the jobs running on its workers, grown by how much the arrival forecast rises while a new worker starts, divided by
 * the jobs one worker runs at the target utilisation, and one more while the oldest waiting job has waited past the
 * target. Up is at once.
 * Down is the largest size wanted during the pool's cooldown (the stabilisation window of the Kubernetes HPA), by
 * draining workers (idle ones first) at the coordinator ({@link WorkerDrain}): they take no new job, and their
 * provisioner stops them only once they hold none, so a scale-down never kills a running job nor hands one back. A
 * pool that grows again while some of its workers drain takes them back before it starts new ones. Min, max and the
 * budget bound every size.
 */
public final class Autoscaler {
    private final List<PoolSpec> pools;
    private final Map<Provider, Provisioner> provisioners;
    private final ScalingSettings settings;
    private final InstantSource clock;
    private final ScalingListener listener;
    private final WorkerDrain drain;
    /** Workers asked to drain and not stopped yet (they still hold jobs), by worker id: their pool. */
    private final Map<String, String> draining = new HashMap<>();
    private final ArrivalForecast forecast;
    private final Map<String, StabilisationWindow> windows = new HashMap<>();
    private final Map<String, Instant> breakers = new HashMap<>();
    private final Map<String, Long> failedStarts = new HashMap<>();
    private final Map<String, Integer> desired = new HashMap<>();
    private final Map<String, String> lastHold = new HashMap<>();
    /** Pool workers seen registered at least once: a worker that was is never a start that timed out. */
    private final Set<String> everRegistered = new HashSet<>();
    private Map<String, PoolStatus> status = Map.of();

    /**
     * An autoscaler whose provisioners' stop already waits for running work ({@link WorkerDrain#BY_PROVISIONER}):
     * for simulations.
     */
    public Autoscaler(List<PoolSpec> pools, Map<Provider, Provisioner> provisioners, ScalingSettings settings,
                      InstantSource clock, ScalingListener listener) {
        this(pools, provisioners, settings, clock, listener, WorkerDrain.BY_PROVISIONER);
    }

    /**
     * @param listener told of every decision (a {@link DecisionLog}, an event publisher, or several)
     * @param drain    where a worker is drained before it is stopped: the coordinator that leases jobs
     */
    public Autoscaler(List<PoolSpec> pools, Map<Provider, Provisioner> provisioners, ScalingSettings settings,
                      InstantSource clock, ScalingListener listener, WorkerDrain drain) {
        for (PoolSpec p : pools) {
            if (!provisioners.containsKey(p.provider())) {
                throw new IllegalArgumentException("pool '" + p.name() + "': no provisioner for provider '"
                        + p.provider().word() + "' was given");
            }
        }
        this.pools = List.copyOf(pools);
        this.provisioners = Map.copyOf(provisioners);
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.drain = drain;
        this.forecast = new ArrivalForecast(settings.alpha(), settings.beta(), settings.forecastStep());
        pools.forEach(p -> windows.put(p.name(), new StabilisationWindow()));
    }

    /** Decides once from {@code demand} and acts on it. */
    public synchronized void tick(Demand demand) {
        Instant now = clock.instant();
        forecast.observe(now, demand.arrivals());
        Map<String, List<ProvisionedWorker>> members = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        for (PoolSpec p : pools) {
            List<ProvisionedWorker> running = provisioner(p).running(p.name());
            running.stream().map(ProvisionedWorker::workerId).forEach(present::add);
            running.stream().map(ProvisionedWorker::workerId).filter(demand.activeByWorker()::containsKey)
                    .forEach(everRegistered::add);
            members.put(p.name(), finishDrains(p, timeOutStarts(p, running, demand, now)));
        }
        everRegistered.retainAll(present);
        draining.keySet().retainAll(present); // exited (or crashed and not restarted): nothing left to drain
        Set<String> failed = new HashSet<>();
        boolean retry = true;
        while (retry) {
            if (!failed.isEmpty()) {
                // Pools decided before the failure may have started workers: decide again from what runs now.
                pools.forEach(p -> members.put(p.name(), markDraining(provisioner(p).running(p.name()))));
            }
            retry = false;
            Map<String, DemandSplit.Share> shares = DemandSplit.split(usable(now, failed), demand.waiting(),
                    running(members, demand));
            for (PoolSpec p : pools) {
                if (failed.contains(p.name())) {
                    continue;
                }
                if (!decide(p, members.get(p.name()), shares.getOrDefault(p.name(), DemandSplit.Share.NONE), demand,
                        now)) {
                    failed.add(p.name());
                    retry = true; // its share goes to the next cheapest pool that fits
                    break;
                }
            }
        }
        status = snapshot(members, demand);
    }

    /** Each pool as of the last tick. */
    public synchronized List<PoolStatus> status() {
        return pools.stream().map(p -> status.getOrDefault(p.name(),
                new PoolStatus(p, 0, 0, 0, p.min(), 0, null))).toList();
    }

    public List<PoolSpec> pools() {
        return pools;
    }

    /** Decides and acts for one pool; false if its provider failed (its breaker is now open). */
    private boolean decide(PoolSpec p, List<ProvisionedWorker> members, DemandSplit.Share share, Demand demand,
                           Instant now) {
        List<ProvisionedWorker> live = members.stream().filter(w -> !w.stopping()).toList();
        int current = live.size();
        long running = live.stream().mapToLong(w -> demand.activeByWorker().getOrDefault(w.workerId(), 0)).sum();
        double expected = expectedGrowth(p, running);
        long jobs = share.waiting() + running + Math.round(expected);
        int want = (int) Math.min(Integer.MAX_VALUE, Math.ceil(jobs / (p.workerSlots() * settings.utilisation())
                - 1e-9));
        boolean late = share.waiting() > 0 && share.oldestWait().compareTo(settings.waitTarget()) > 0;
        if (late) {
            want = Math.max(want, current + 1);
        }
        int bounded = Math.max(p.min(), Math.min(p.affordable(), want));
        Duration cooldown = p.scaleDownCooldown();
        int target = windows.get(p.name()).offer(now, bounded, cooldown);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("waiting", share.waiting());
        inputs.put("oldest_wait_ms", share.oldestWait().toMillis());
        inputs.put("running", running);
        inputs.put("forecast_per_second", Math.round(forecast.rate(Duration.ZERO) * 100) / 100.0);
        inputs.put("forecast_growth", Math.round(expected));
        inputs.put("wanted", want);
        inputs.put("min", p.min());
        inputs.put("max", p.max());
        inputs.put("affordable", p.affordable());
        inputs.put("cost_per_hour", p.costPerHour());
        // what the pool would cost per hour at the size demand wants (bounded): the cost side of the decision
        inputs.put("desired_cost_per_hour", Math.round(bounded * p.costPerHour() * 10_000) / 10_000.0);
        inputs.put("spot", p.spot());
        desired.put(p.name(), bounded);
        if (bounded > current) {
            return scaleUp(p, current, bounded, inputs, why(p, share, running, want, bounded, late), now);
        }
        if (target < current) {
            scaleDown(p, live, demand, current, target, inputs, now);
        } else if (bounded < current) {
            hold(p, current, bounded, "demand wants " + bounded + " but the cooldown of " + cooldown.toSeconds()
                    + " s has not passed since it wanted " + target, inputs, now);
        }
        return true;
    }

    private boolean scaleUp(PoolSpec p, int current, int target, Map<String, Object> inputs, String reason,
                            Instant now) {
        // Draining workers of the pool are warm and already paid for: they take jobs again before any is started.
        List<String> reclaimed = draining.entrySet().stream().filter(e -> e.getValue().equals(p.name()))
                .map(Map.Entry::getKey).sorted().limit(target - current).toList();
        reclaimed.forEach(id -> {
            drain.undrain(id);
            draining.remove(id);
        });
        if (!reclaimed.isEmpty()) {
            inputs.put("reclaimed", reclaimed);
            reason += "; " + reclaimed.size() + " draining workers take jobs again";
        }
        try {
            int more = target - current - reclaimed.size();
            List<ProvisionedWorker> started = more > 0 ? provisioner(p).start(p, more) : List.of();
            record(new Decision(now, p.name(), Decision.Action.SCALE_UP, current, target,
                    started.size() + reclaimed.size(), reason, inputs));
            return true;
        } catch (ProvisionException | RuntimeException e) {
            breakers.put(p.name(), now.plus(settings.breakerOpen()));
            failedStarts.merge(p.name(), (long) (target - current), Long::sum);
            desired.put(p.name(), current);
            inputs.put("error", String.valueOf(e.getMessage()));
            inputs.put("breaker_open_until", now.plus(settings.breakerOpen()).toString());
            record(new Decision(now, p.name(), Decision.Action.PROVIDER_ERROR, current, target, 0,
                    "the provider failed to start " + (target - current) + " workers (" + e.getMessage()
                            + "); the pool is left out for " + settings.breakerOpen().toSeconds()
                            + " s and the next cheapest pool that fits is tried", inputs));
            return false;
        }
    }

    /**
     * Drains the idle workers first, then the least busy: a draining worker takes no new job and finishes the ones it
     * holds; it is stopped now if it holds none, else by a later tick once it holds none ({@link #finishDrains}). So a
     * worker is removed only once idle and no running job is killed or handed back. Choosing only workers idle at
     * this tick would not do: with jobs spread over every worker (least-loaded placement) a busy pool would never
     * have one.
     */
    private void scaleDown(PoolSpec p, List<ProvisionedWorker> live, Demand demand, int current, int target,
                           Map<String, Object> inputs, Instant now) {
        List<String> registered = live.stream().map(ProvisionedWorker::workerId)
                .filter(id -> demand.activeByWorker().containsKey(id))
                .sorted(java.util.Comparator.comparingInt(id -> demand.activeByWorker().get(id)))
                .limit(current - target).toList();
        if (registered.isEmpty()) {
            hold(p, current, target, "demand wants " + target + " but every worker is still starting", inputs, now);
            return;
        }
        List<String> stopped = new ArrayList<>();
        List<String> finishing = new ArrayList<>();
        long held = 0;
        for (String id : registered) {
            int jobs = drain.drain(id);
            if (jobs <= 0) {
                provisioner(p).stop(id);
                stopped.add(id);
            } else {
                draining.put(id, p.name());
                finishing.add(id);
                held += jobs;
            }
        }
        inputs.put("drained", registered);
        inputs.put("stopped_idle", stopped);
        inputs.put("draining", finishing);
        record(new Decision(now, p.name(), Decision.Action.SCALE_DOWN, current, target, -registered.size(),
                "demand has wanted at most " + target + " for the cooldown of " + p.scaleDownCooldown().toSeconds()
                        + " s; draining " + registered.size() + " workers (" + stopped.size() + " idle, stopped now; "
                        + finishing.size() + " finishing their " + held + " jobs first, stopped once idle)", inputs));
    }

    /**
     * Stops the pool's draining workers that hold no job any more (asking the coordinator again, so a worker
     * restarted under the same id drains too); returns the members with every draining one marked stopping.
     */
    private List<ProvisionedWorker> finishDrains(PoolSpec p, List<ProvisionedWorker> members) {
        List<ProvisionedWorker> out = new ArrayList<>();
        for (ProvisionedWorker w : members) {
            if (!p.name().equals(draining.get(w.workerId()))) {
                out.add(w);
                continue;
            }
            if (!w.stopping() && drain.drain(w.workerId()) <= 0) {
                provisioner(p).stop(w.workerId());
                draining.remove(w.workerId());
            } else if (w.stopping()) {
                draining.remove(w.workerId());
            }
            out.add(new ProvisionedWorker(w.workerId(), w.pool(), w.startedAt(), w.restarts(), true));
        }
        return out;
    }

    /** The members with the draining ones marked stopping: they are leaving, not part of the pool's size. */
    private List<ProvisionedWorker> markDraining(List<ProvisionedWorker> members) {
        return members.stream().map(w -> draining.containsKey(w.workerId()) && !w.stopping()
                ? new ProvisionedWorker(w.workerId(), w.pool(), w.startedAt(), w.restarts(), true) : w).toList();
    }

    /** Terminates starting workers that missed their startup_seconds; returns the pool's members still there. */
    private List<ProvisionedWorker> timeOutStarts(PoolSpec p, List<ProvisionedWorker> members, Demand demand,
                                                  Instant now) {
        List<ProvisionedWorker> kept = new ArrayList<>();
        for (ProvisionedWorker w : members) {
            // A worker registered once and silent now (frozen, partitioned) is the failure detector's, not ours.
            boolean registered = everRegistered.contains(w.workerId());
            if (!registered && !w.stopping()
                    && !now.isBefore(w.startedAt().plusSeconds(p.startupSeconds()))) {
                provisioner(p).stop(w.workerId());
                failedStarts.merge(p.name(), 1L, Long::sum);
                record(new Decision(now, p.name(), Decision.Action.START_TIMEOUT, members.size(),
                        desired.getOrDefault(p.name(), p.min()), -1, "worker " + w.workerId()
                        + " did not register within " + p.startupSeconds() + " s; terminated",
                        Map.of("worker", w.workerId(), "started_at", w.startedAt().toString(),
                                "startup_seconds", p.startupSeconds(), "failed_starts",
                                failedStarts.get(p.name()))));
                kept.add(new ProvisionedWorker(w.workerId(), w.pool(), w.startedAt(), w.restarts(), true));
            } else {
                kept.add(w);
            }
        }
        return kept;
    }

    /**
     * Jobs the pool will run more by the time a worker started now is ready, when arrivals are rising: by Little's
     * law the jobs running are the arrival rate times the time a job takes, so at the forecast rate they are the
     * running jobs times the forecast over the rate seen now (at most twice them). A falling forecast adds nothing:
     * shrinking waits for the cooldown, never for a forecast.
     */
    private double expectedGrowth(PoolSpec p, long running) {
        double level = forecast.level();
        if (level <= 0 || running == 0) {
            return 0;
        }
        double ahead = forecast.rate(Duration.ofSeconds(Math.min(p.startupSeconds(), 30)));
        return running * Math.min(1, Math.max(0, ahead / level - 1));
    }

    private void hold(PoolSpec p, int current, int target, String reason, Map<String, Object> inputs, Instant now) {
        if (reason.equals(lastHold.put(p.name(), reason))) {
            return; // the same hold as last tick: one decision, not one a second
        }
        record(new Decision(now, p.name(), Decision.Action.HOLD, current, target, 0, reason, inputs));
    }

    private void record(Decision d) {
        if (d.action() != Decision.Action.HOLD) {
            lastHold.remove(d.pool());
        }
        listener.decided(d);
    }

    private String why(PoolSpec p, DemandSplit.Share share, long running, int want, int bounded, boolean late) {
        String base = share.waiting() + " waiting and " + running + " running jobs need " + want + " workers of "
                + p.workerSlots() + " slots" + (settings.utilisation() < 1 ? " filled to "
                + Math.round(settings.utilisation() * 100) + "%" : "");
        if (late) {
            base += " (the oldest has waited " + share.oldestWait().toSeconds() + " s: one more)";
        }
        if (bounded < want) {
            base += bounded == p.max() ? "; capped at max " + p.max() : "; capped by the budget at " + bounded;
        } else if (bounded > want) {
            base += "; kept at min " + p.min();
        }
        return base;
    }

    private List<PoolSpec> usable(Instant now, Set<String> failed) {
        breakers.values().removeIf(until -> !now.isBefore(until));
        return pools.stream().filter(p -> !failed.contains(p.name()) && !breakers.containsKey(p.name())).toList();
    }

    private static Map<String, Long> running(Map<String, List<ProvisionedWorker>> members, Demand demand) {
        Map<String, Long> out = new HashMap<>();
        members.forEach((pool, ws) -> out.put(pool, ws.stream()
                .mapToLong(w -> demand.activeByWorker().getOrDefault(w.workerId(), 0)).sum()));
        return out;
    }

    private Map<String, PoolStatus> snapshot(Map<String, List<ProvisionedWorker>> members, Demand demand) {
        Map<String, PoolStatus> out = new LinkedHashMap<>();
        for (PoolSpec p : pools) {
            List<ProvisionedWorker> now = markDraining(provisioner(p).running(p.name()));
            int stopping = (int) now.stream().filter(ProvisionedWorker::stopping).count();
            int registered = (int) now.stream().filter(w -> !w.stopping()
                    && demand.activeByWorker().containsKey(w.workerId())).count();
            out.put(p.name(), new PoolStatus(p, now.size() - stopping, registered, stopping,
                    desired.getOrDefault(p.name(), p.min()), failedStarts.getOrDefault(p.name(), 0L),
                    breakers.get(p.name())));
        }
        return out;
    }

    private Provisioner provisioner(PoolSpec p) {
        return provisioners.get(p.provider());
    }
}
