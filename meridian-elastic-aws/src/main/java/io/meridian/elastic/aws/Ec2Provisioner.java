package io.meridian.elastic.aws;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Runs pool workers on EC2: one instance per worker ({@code RunInstances} with user data that starts
 * {@code meridian worker} as a service), tagged with its pool and worker id, spot when the pool allows it. Stopping a
 * worker terminates its instance: the shutdown stops the service with SIGTERM, on which the worker drains; it counts
 * as stopping while the instance is shutting down. The pools' instances are found by tag ({@code DescribeInstances}),
 * so the list survives a restart of the server.
 *
 * <p>A spot request EC2 cannot fill fails the start with a {@link ProvisionException}, as any provider error: the
 * autoscaler opens the pool's breaker and gives its demand to the next cheapest pool that fits (an on-demand pool
 * declared beside the spot one), rather than this provisioner buying on-demand machines a spot pool did not ask for.
 */
public final class Ec2Provisioner implements Provisioner {
    /** EC2's reads trail its writes for a moment: a machine started here stays listed this long before EC2 shows it. */
    static final Duration LISTING_LAG = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(Ec2Provisioner.class);
    private final Ec2Settings settings;
    private final ProvisionerFactory.Context context;
    private final Ec2Clients clients;
    private final String prefix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Machine> known = new LinkedHashMap<>();
    private final Map<String, String> poolRegions = new LinkedHashMap<>();
    private final Map<String, Instant> listedAt = new LinkedHashMap<>();
    private final Set<String> startedPools = new LinkedHashSet<>();
    private boolean closed;

    public Ec2Provisioner(Ec2Settings settings, ProvisionerFactory.Context context) {
        this.settings = settings;
        this.context = context;
        this.clients = new Ec2Clients(settings.endpoint());
        // a restarted server finds the instances of its pools in their regions before it starts any there
        context.pools().stream().filter(p -> p.provider() == Provider.AWS)
                .forEach(p -> poolRegions.put(p.name(), p.region()));
    }

    @Override
    public Provider provider() {
        return Provider.AWS;
    }

    @Override
    public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException {
        if (closed) {
            throw new ProvisionException("the aws provisioner is closed");
        }
        if (count <= 0) {
            return List.of();
        }
        if (pool.instanceType() == null) {
            throw new ProvisionException("pool '" + pool.name() + "': instance_type is required for provider aws "
                    + "(an EC2 instance type such as m7i.large)");
        }
        poolRegions.put(pool.name(), pool.region());
        startedPools.add(pool.name());
        List<Machine> started = new ArrayList<>();
        try {
            Ec2Client ec2 = clients.of(pool.region());
            for (int i = 0; i < count; i++) {
                String id = pool.name() + "-" + prefix + "-" + next.incrementAndGet();
                Instance in = ec2.runInstances(Ec2Requests.run(pool, id, settings, context.coordinatorUrl(),
                        context.workerToken(), context.drainGrace())).instances().getFirst();
                Machine m = new Machine(id, pool.name(), pool.region(), in.instanceId(), launchTime(in), true);
                started.add(m);
                known.put(id, m);
                log.info("Started worker {} of pool {} on EC2 instance {} ({}{})", id, pool.name(), in.instanceId(),
                        pool.instanceType(), pool.spot() ? ", spot" : "");
            }
        } catch (SdkException e) {
            started.forEach(m -> known.remove(m.workerId));
            terminate(pool.region(), started.stream().map(m -> m.instanceId).toList());
            throw new ProvisionException(refusal(pool, e), e);
        }
        return started.stream().map(Machine::view).toList();
    }

    @Override
    public synchronized void stop(String workerId) {
        if (closed) {
            return;
        }
        Machine m = known.get(workerId);
        if (m == null) {
            m = find(workerId);
            if (m != null) {
                known.put(workerId, m);
            }
        }
        if (m == null || m.stopping) {
            return;
        }
        if (terminate(m.region, List.of(m.instanceId))) {
            m.stopping = true;
            log.info("Terminating EC2 instance {} of worker {} (pool {}): its shutdown drains the worker",
                    m.instanceId, workerId, m.pool);
        }
    }

    @Override
    public synchronized List<ProvisionedWorker> running(String pool) {
        if (closed) {
            return List.of();
        }
        Instant now = context.clock().instant();
        Instant last = listedAt.get(pool);
        if (last == null || !now.isBefore(last.plus(settings.listInterval()))) {
            try {
                list(pool, now);
                listedAt.put(pool, now);
            } catch (SdkException e) {
                log.warn("Could not list the EC2 instances of pool {}; keeping the last list: {}", pool,
                        e.getMessage());
            }
        }
        return known.values().stream().filter(m -> m.pool.equals(pool)).map(Machine::view).toList();
    }

    /** Terminates the instances of every pool this provisioner started workers in; their shutdown drains them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (String pool : startedPools) {
            try {
                list(pool, context.clock().instant());
            } catch (SdkException e) {
                log.warn("Could not list the EC2 instances of pool {} to stop them: {}", pool, e.getMessage());
            }
            Map<String, List<String>> byRegion = new LinkedHashMap<>();
            known.values().stream().filter(m -> m.pool.equals(pool) && !m.stopping).forEach(m -> byRegion
                    .computeIfAbsent(m.region == null ? "" : m.region, r -> new ArrayList<>()).add(m.instanceId));
            byRegion.forEach((region, ids) -> terminate(region.isEmpty() ? null : region, ids));
        }
        closed = true;
        known.clear();
        clients.close();
    }

    /** Replaces what is known of {@code pool} by EC2's list, keeping machines started here it does not show yet. */
    private void list(String pool, Instant now) {
        String region = poolRegions.get(pool);
        Map<String, Machine> listed = new LinkedHashMap<>();
        clients.of(region).describeInstancesPaginator(r -> r.filters(Ec2Requests.poolFilter(settings.cluster(),
                        pool))).reservations()
                .stream().map(Reservation::instances).flatMap(List::stream)
                .forEach(in -> machine(in, pool, region).ifPresent(m -> listed.put(m.workerId, m)));
        known.values().removeIf(m -> m.pool.equals(pool) && !listed.containsKey(m.workerId)
                && !(m.startedHere && !m.stopping && m.launchedAt.isAfter(now.minus(LISTING_LAG))));
        listed.forEach((id, m) -> {
            Machine before = known.get(id);
            m.stopping |= before != null && before.stopping; // a terminate EC2's list does not show yet
            known.put(id, m);
        });
    }

    private Machine find(String workerId) {
        Set<String> regions = new LinkedHashSet<>(poolRegions.values()); // null: the default region
        regions.addAll(clients.regions());
        if (regions.isEmpty()) {
            regions.add(null);
        }
        for (String region : regions) {
            try {
                for (Reservation r : clients.of(region).describeInstances(q -> q.filters(
                        Ec2Requests.workerFilter(settings.cluster(), workerId))).reservations()) {
                    for (Instance in : r.instances()) {
                        String pool = tag(in, PoolSpec.POOL_LABEL);
                        if (pool != null) {
                            return machine(in, pool, region).orElse(null);
                        }
                    }
                }
            } catch (SdkException e) {
                log.warn("Could not look up the EC2 instance of worker {}: {}", workerId, e.getMessage());
            }
        }
        return null;
    }

    private boolean terminate(String region, List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return true;
        }
        try {
            clients.of(region).terminateInstances(r -> r.instanceIds(instanceIds));
            return true;
        } catch (SdkException e) {
            log.error("Could not terminate EC2 instances {}: {}", instanceIds, e.getMessage());
            return false;
        }
    }

    private Optional<Machine> machine(Instance in, String pool, String region) {
        String id = tag(in, Ec2Requests.WORKER_ID_TAG);
        if (id == null) {
            return Optional.empty();
        }
        Machine m = new Machine(id, pool, region, in.instanceId(), launchTime(in), known.containsKey(id)
                && known.get(id).startedHere);
        String state = in.state() == null ? "" : in.state().nameAsString();
        m.stopping = state.equals("shutting-down") || state.equals("stopping");
        return Optional.of(m);
    }

    private static String tag(Instance in, String key) {
        return in.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    private Instant launchTime(Instance in) {
        return in.launchTime() == null ? context.clock().instant() : in.launchTime();
    }

    private static String refusal(PoolSpec pool, SdkException e) {
        String where = "pool '" + pool.name() + "': EC2 did not start " + (pool.spot() ? "spot " : "")
                + pool.instanceType() + " instances" + (pool.region() == null ? "" : " in " + pool.region());
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            String hint = pool.spot() && code != null && (code.startsWith("InsufficientInstanceCapacity")
                    || code.contains("Spot")) ? " (no spot capacity: the demand goes to the next pool that fits)" : "";
            return where + ": " + code + ": " + a.awsErrorDetails().errorMessage() + hint;
        }
        return where + ": " + e.getMessage();
    }

    /** One instance of a pool worker; guarded by the provisioner's lock. */
    private static final class Machine {
        final String workerId;
        final String pool;
        final String region;
        final String instanceId;
        final Instant launchedAt;
        final boolean startedHere;
        boolean stopping;

        Machine(String workerId, String pool, String region, String instanceId, Instant launchedAt,
                boolean startedHere) {
            this.workerId = workerId;
            this.pool = pool;
            this.region = region;
            this.instanceId = instanceId;
            this.launchedAt = launchedAt;
            this.startedHere = startedHere;
        }

        ProvisionedWorker view() {
            return new ProvisionedWorker(workerId, pool, launchedAt, 0, stopping);
        }
    }
}
