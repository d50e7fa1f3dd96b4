package io.meridian.engine.federation;

import io.meridian.engine.time.EngineClock;
import io.meridian.model.pipeline.AggregationStrategy;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Runs federated stages across the regions of a {@link FederationConfig}: chooses regions by the stage's strategy,
 * splits the data when it asks for data locality, runs each region's part (with retries, time limits, circuit
 * breakers and the fallback region), and combines the results by the stage's aggregation. Also keeps the
 * federation's statistics and the regions' health. Plain Java: regions are reached through {@link RemoteExecutor}s.
 */
public final class FederationCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FederationCoordinator.class);

    private final FederationConfig config;
    private final RemoteExecutor remote;
    private final RemoteExecutor local;
    private final EngineClock clock;
    private final Reducers reducers = new Reducers();
    private final FederationStats stats = new FederationStats();
    private final HealthBoard board;
    private final RegionChooser chooser = new RegionChooser();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final RegionAttempts attempts;
    private volatile Thread healthLoop;

    /**
     * @param remote runs stages in remote regions
     * @param local  runs stages in the region whose endpoint is {@code local}; null when there is none
     */
    public FederationCoordinator(FederationConfig config, RemoteExecutor remote, RemoteExecutor local,
                                 EngineClock clock) {
        this.config = config;
        this.remote = remote;
        this.local = local;
        this.clock = clock;
        this.board = new HealthBoard(config);
        this.attempts = new RegionAttempts(board, stats, threads, clock, this::executorFor);
    }

    public FederationConfig config() {
        return config;
    }

    /** Hears region.unreachable and region.recovered, on the probing thread, when a region's reachability changes. */
    public void onRegionEvents(java.util.function.Consumer<io.meridian.store.event.EventRecord> listener) {
        board.onChange(listener);
    }

    /** Named reducers for {@code aggregation: reduce}; register your own here. */
    public Reducers reducers() {
        return reducers;
    }

    public FederationStats stats() {
        return stats;
    }

    /** Runs one federated stage; blocks until it has a result. An interrupt cancels every region's run. */
    public FederatedResult execute(FederatedStageRequest request) throws FederationFailure, InterruptedException {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            FederatedResult result = run(request);
            ok = true;
            return result;
        } finally {
            stats.stageRun(ok, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private FederatedResult run(FederatedStageRequest request) throws FederationFailure, InterruptedException {
        FederatedStageConfig f = request.federation().withDefaultStrategy(config.defaultStrategy());
        List<RegionConfig> listed = regions(f.regions().isEmpty() ? config.names() : f.regions());
        RegionConfig fallback = f.fallbackRegion() == null ? null : regions(List.of(f.fallbackRegion())).getFirst();
        RegionTask task = request.task();
        return switch (f.strategy()) {
            case PARALLEL -> parallel(request, f, listed, fallback, task);
            case SEQUENTIAL -> sequential(f, listed, fallback, task);
            default -> single(request, f, listed, fallback, task);
        };
    }

    private FederatedResult parallel(FederatedStageRequest request, FederatedStageConfig f, List<RegionConfig> listed,
                                     RegionConfig fallback, RegionTask task)
            throws FederationFailure, InterruptedException {
        List<ParallelRun.Slot> slots = new ArrayList<>();
        if (f.dataLocality()) {
            JsonNode data = request.data();
            if (!data.isArray()) {
                throw new FederationFailure("data_locality needs a list to split across regions; the stage's input "
                        + "is " + data.getNodeType().name().toLowerCase(), false);
            }
            Map<String, tools.jackson.databind.node.ArrayNode> parts = new DataRouter(listed).partition(data);
            listed.stream().filter(r -> parts.containsKey(r.name()))
                    .forEach(r -> slots.add(new ParallelRun.Slot(r, task.withInput(parts.get(r.name()), false))));
        } else {
            listed.forEach(r -> slots.add(new ParallelRun.Slot(r, task)));
        }
        boolean firstWins = f.aggregation() == AggregationStrategy.FIRST;
        ParallelRun.Outcomes outcomes = ParallelRun.run(slots, firstWins, threads,
                (i, slot) -> attempts.withFallback(slot.region(), fallback, slot.task(), "p" + i, f));
        List<RegionAttempts.Outcome> finished = outcomes.bySlot().stream().filter(Objects::nonNull).toList();
        List<RegionOutput> successes = finished.stream().filter(RegionAttempts.Outcome::ok)
                .map(o -> new RegionOutput(o.region(), o.output())).toList();
        if (successes.isEmpty()) {
            throw new FederationFailure("every region failed: " + FederatedResult.describeErrors(finished), true);
        }
        Aggregator aggregator = aggregator(f);
        try {
            JsonNode combined = aggregator.aggregate(successes);
            List<String> conflicts = aggregator instanceof JsonMerge merge ? merge.conflicts() : List.of();
            return new FederatedResult(combined, finished, outcomes.cancelled(), conflicts,
                    f.strategy().wireName(), f.aggregation().wireName());
        } catch (Aggregator.AggregationFailure e) {
            throw new FederationFailure(e.getMessage(), false);
        }
    }

    /** In order, the next region only when the previous failed; with chain, every region, output to input. */
    private FederatedResult sequential(FederatedStageConfig f, List<RegionConfig> listed, RegionConfig fallback,
                                       RegionTask task) throws FederationFailure, InterruptedException {
        List<RegionAttempts.Outcome> outcomes = new ArrayList<>();
        RegionTask next = task;
        for (int step = 0; step < listed.size(); step++) {
            RegionAttempts.Outcome o = f.chain()
                    ? attempts.withFallback(listed.get(step), fallback, next, "s" + step, f)
                    : attempts.run(listed.get(step), next, "s" + step, f);
            outcomes.add(o);
            if (o.ok() && !f.chain()) {
                return result(o.output(), outcomes, f);
            }
            if (!o.ok() && f.chain()) {
                throw new FederationFailure("chain broke at region " + o.region() + ": " + o.error(), true);
            }
            next = next.withInput(o.output(), false);
        }
        if (f.chain()) {
            return result(outcomes.getLast().output(), outcomes, f);
        }
        if (fallback != null && listed.stream().noneMatch(r -> r.name().equals(fallback.name()))) {
            RegionAttempts.Outcome o = attempts.run(fallback, task, "fallback", f);
            outcomes.add(o);
            if (o.ok()) {
                return result(o.output(), outcomes, f);
            }
        }
        throw new FederationFailure("every region failed: " + FederatedResult.describeErrors(outcomes), true);
    }

    /** nearest, round_robin, least_loaded, cost_optimized: the first usable region of the order, then the fallback. */
    private FederatedResult single(FederatedStageRequest request, FederatedStageConfig f, List<RegionConfig> listed,
                                   RegionConfig fallback, RegionTask task)
            throws FederationFailure, InterruptedException {
        GeoPoint location = DataRouter.locationOf(request.data()).orElse(f.sourceLocation());
        List<RegionConfig> order = chooser.order(f.strategy(), listed, location, board::health,
                request.pipelineId() + "/" + request.stageId());
        RegionConfig chosen = order.stream().filter(this::usable).findFirst().orElse(null);
        RegionAttempts.Outcome o;
        if (chosen == null) {
            o = new RegionAttempts.Outcome(order.getFirst().name(), null, null,
                    "no usable region (unreachable, circuit open or at max_concurrent)", 0, 0);
            if (fallback != null) {
                RegionAttempts.Outcome viaFallback = attempts.run(fallback, task, "fallback", f);
                o = viaFallback.ok() ? new RegionAttempts.Outcome(o.region(), fallback.name(), viaFallback.output(),
                        o.error(), viaFallback.attempts(), viaFallback.latencyMs()) : viaFallback;
            }
        } else {
            log.debug("Stage {}: {} chose region {}", request.stageId(), f.strategy().wireName(), chosen.name());
            o = attempts.withFallback(chosen, fallback, task, "c", f);
        }
        if (!o.ok()) {
            throw new FederationFailure("region " + o.region() + " failed: " + o.error(), true);
        }
        return result(o.output(), List.of(o), f);
    }

    private boolean usable(RegionConfig r) {
        RegionHealth h = board.health(r);
        return h.reachable() && !h.atCapacity() && board.breaker(r.name()).isAvailable(clock.now());
    }

    private static FederatedResult result(JsonNode output, List<RegionAttempts.Outcome> outcomes,
                                          FederatedStageConfig f) {
        return new FederatedResult(output == null ? JsonNodeFactory.instance.nullNode() : output, outcomes,
                List.of(), List.of(), f.strategy().wireName(), f.aggregation().wireName());
    }

    private Aggregator aggregator(FederatedStageConfig f) {
        return switch (f.aggregation()) {
            case MERGE -> new JsonMerge();
            case REDUCE -> reducers.aggregator(f.reducer());
            case FIRST -> results -> results.getFirst().output();
            case ALL -> results -> {
                var all = JsonNodeFactory.instance.arrayNode();
                results.forEach(r -> all.add(r.output()));
                return all;
            };
            case MAJORITY -> new MajorityVote();
        };
    }

    private List<RegionConfig> regions(List<String> names) throws FederationFailure {
        List<RegionConfig> out = new ArrayList<>();
        for (String name : names) {
            out.add(config.region(name).orElseThrow(() -> new FederationFailure("unknown region '" + name
                    + "'; this coordinator knows " + config.names(), false)));
        }
        if (out.isEmpty()) {
            throw new FederationFailure("no regions are configured", false);
        }
        return out;
    }

    private RemoteExecutor executorFor(RegionConfig region) {
        if (region.isLocal()) {
            if (local == null) {
                throw new IllegalStateException("region " + region.name() + " is local but no local executor is set");
            }
            return local;
        }
        return remote;
    }

    // ---- health ----------------------------------------------------------------------------------------

    /** Probes every region now (at once, each within 3 s) and returns what is known. */
    public List<RegionHealth> checkHealth() throws InterruptedException {
        List<java.util.concurrent.Future<?>> probes = new ArrayList<>();
        for (RegionConfig r : config.regions()) {
            probes.add(threads.submit(() -> board.probed(r.name(), executorFor(r).probe(r), clock.now())));
        }
        for (var p : probes) {
            try {
                p.get(3, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.cancel(true); // that region stays at its previous probe
            }
        }
        return health();
    }

    /** The regions' health as last probed, with the runs in flight now. */
    public List<RegionHealth> health() {
        return board.all();
    }

    /** Probes every region every {@code healthInterval} on a virtual thread until {@link #close()}. */
    public synchronized void startHealthChecks() {
        if (healthLoop != null) {
            return;
        }
        healthLoop = Thread.ofVirtual().name("federation-health").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    checkHealth();
                    Thread.sleep(config.healthInterval());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Federation health check failed: {}; trying again in {}", e.toString(),
                            config.healthInterval());
                }
            }
        });
    }

    @Override
    public void close() {
        Thread loop = healthLoop;
        if (loop != null) {
            loop.interrupt();
        }
        threads.shutdownNow();
    }
}
