package io.meridian.elastic.gcp;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.ListInstancesRequest;
import com.google.cloud.compute.v1.Operation;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pool workers on Compute Engine: one instance per worker ({@code instances.insert} with a startup-script that
 * starts {@code meridian worker} as a service), labelled with its pool and worker id, the SPOT provisioning model when
 * the pool allows it. Stopping a worker deletes its instance: Compute Engine shuts it down first, which stops the
 * service with SIGTERM, on which the worker drains. The pools' instances are found by label ({@code instances.list}).
 *
 * <p>As with the aws provisioner, a SPOT request Compute Engine cannot fill, or a quota, fails the start with a
 * {@link ProvisionException}: the autoscaler gives the pool's demand to the next cheapest pool that fits.
 */
public final class GceProvisioner implements Provisioner {
    /** A machine started here stays listed this long before Compute Engine's list shows it. */
    static final Duration LISTING_LAG = Duration.ofSeconds(60);
    private static final Duration INSERT_WAIT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(GceProvisioner.class);
    private final GceSettings settings;
    private final ProvisionerFactory.Context context;
    private final String prefix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Machine> known = new LinkedHashMap<>();
    private final Map<String, String> poolZones = new LinkedHashMap<>();
    private final Map<String, Instant> listedAt = new LinkedHashMap<>();
    private final Set<String> startedPools = new LinkedHashSet<>();
    private InstancesClient client;
    private boolean closed;

    public GceProvisioner(GceSettings settings, ProvisionerFactory.Context context) {
        this.settings = settings;
        this.context = context;
        context.pools().stream().filter(p -> p.provider() == Provider.GCP)
                .forEach(p -> poolZones.put(p.name(), p.region() != null ? p.region() : settings.zone()));
    }

    @Override
    public Provider provider() {
        return Provider.GCP;
    }

    @Override
    public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException {
        if (closed) {
            throw new ProvisionException("the gcp provisioner is closed");
        }
        if (count <= 0) {
            return List.of();
        }
        String zone = pool.region() != null ? pool.region() : settings.zone();
        if (pool.instanceType() == null || zone == null) {
            throw new ProvisionException("pool '" + pool.name() + "': provider gcp needs instance_type (a machine "
                    + "type such as e2-standard-4) and a zone (the pool's region, or MERIDIAN_GCP_ZONE)");
        }
        poolZones.put(pool.name(), zone);
        startedPools.add(pool.name());
        List<Machine> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String id = GceRequests.instanceName(pool.name() + "-" + prefix + "-" + next.incrementAndGet());
                Instance in = GceRequests.instance(pool, id, zone, settings, context.coordinatorUrl(),
                        context.workerToken(), context.drainGrace());
                OperationFuture<Operation, Operation> insert = client().insertAsync(InsertInstanceRequest.newBuilder()
                        .setProject(settings.project()).setZone(zone).setInstanceResource(in).build());
                Machine m = new Machine(id, pool.name(), zone, context.clock().instant(), true);
                started.add(m); // before the outcome: an instance whose operation failed may still exist
                known.put(id, m);
                try {
                    GceErrors.check(insert, INSERT_WAIT, refusal(pool, zone), pool.spot());
                } catch (ProvisionException e) {
                    if (!GceErrors.accepted(insert)) { // refused outright: there is no instance to delete
                        started.remove(m);
                        known.remove(id);
                    }
                    throw e;
                }
                log.info("Started worker {} of pool {} on a Compute Engine instance in {} ({}{})", id, pool.name(),
                        zone, pool.instanceType(), pool.spot() ? ", spot" : "");
            }
        } catch (IOException | ApiException e) {
            undo(started);
            throw new ProvisionException(refusal(pool, zone) + ": " + GceErrors.describe(e), e);
        } catch (ProvisionException e) {
            undo(started);
            throw e;
        }
        return started.stream().map(Machine::view).toList();
    }

    @Override
    public synchronized void stop(String workerId) {
        if (closed) {
            return;
        }
        Machine m = known.get(workerId);
        if (m == null || m.stopping) {
            return; // workers of pools not listed yet are found by the next list, and stopped then if still wanted
        }
        if (delete(m)) {
            m.stopping = true;
            log.info("Deleting the Compute Engine instance of worker {} (pool {}): its shutdown drains the worker",
                    workerId, m.pool);
        }
    }

    @Override
    public synchronized List<ProvisionedWorker> running(String pool) {
        if (closed) {
            return List.of();
        }
        Instant now = context.clock().instant();
        Instant last = listedAt.get(pool);
        if (poolZones.get(pool) != null && (last == null || !now.isBefore(last.plus(settings.listInterval())))) {
            try {
                list(pool, now);
                listedAt.put(pool, now);
            } catch (ApiException | IOException e) {
                log.warn("Could not list the Compute Engine instances of pool {}; keeping the last list: {}", pool,
                        e.getMessage());
            }
        }
        return known.values().stream().filter(m -> m.pool.equals(pool)).map(Machine::view).toList();
    }

    /** Deletes the instances of every pool this provisioner started workers in; their shutdown drains them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (String pool : startedPools) {
            try {
                list(pool, context.clock().instant());
            } catch (ApiException | IOException e) {
                log.warn("Could not list the Compute Engine instances of pool {} to stop them: {}", pool,
                        e.getMessage());
            }
            known.values().stream().filter(m -> m.pool.equals(pool) && !m.stopping).toList().forEach(this::delete);
        }
        closed = true;
        known.clear();
        if (client != null) {
            client.close();
        }
    }

    private void list(String pool, Instant now) throws IOException {
        String zone = poolZones.get(pool);
        Map<String, Machine> listed = new LinkedHashMap<>();
        for (Instance in : client().list(ListInstancesRequest.newBuilder().setProject(settings.project())
                .setZone(zone).setFilter(GceRequests.poolFilter(settings.cluster(), pool)).build()).iterateAll()) {
            String id = in.getLabelsMap().get(GceRequests.WORKER_LABEL);
            if (id == null || in.getStatus().equals(Instance.Status.TERMINATED.name())) {
                continue; // not ours, or stopped by hand: it runs no worker
            }
            Machine m = new Machine(id, pool, zone, created(in, now), known.containsKey(id)
                    && known.get(id).startedHere);
            m.stopping = in.getStatus().equals(Instance.Status.STOPPING.name())
                    || known.containsKey(id) && known.get(id).stopping;
            listed.put(id, m);
        }
        known.values().removeIf(m -> m.pool.equals(pool) && !listed.containsKey(m.workerId)
                && !(m.startedHere && !m.stopping && m.startedAt.isAfter(now.minus(LISTING_LAG))));
        known.putAll(listed);
    }

    private void undo(List<Machine> started) {
        started.forEach(m -> {
            known.remove(m.workerId);
            delete(m);
        });
    }

    /** Asks for the deletion without waiting for it: the instance shuts down (and its worker drains) meanwhile. */
    private boolean delete(Machine m) {
        try {
            client().deleteCallable().call(DeleteInstanceRequest.newBuilder().setProject(settings.project())
                    .setZone(m.zone).setInstance(m.workerId).build());
            return true;
        } catch (ApiException | IOException e) {
            log.error("Could not delete the Compute Engine instance {} in {}: {}", m.workerId, m.zone,
                    e.getMessage());
            return false;
        }
    }

    /** The client, made on first use: Application Default Credentials are looked up then, not at server start. */
    private InstancesClient client() throws IOException {
        if (client == null) {
            InstancesSettings.Builder b = InstancesSettings.newBuilder();
            if (settings.endpoint() != null) {
                b.setEndpoint(settings.endpoint());
            }
            client = InstancesClient.create(b.build());
        }
        return client;
    }

    private static Instant created(Instance in, Instant fallback) {
        try {
            return in.hasCreationTimestamp() ? java.time.OffsetDateTime.parse(in.getCreationTimestamp()).toInstant()
                    : fallback;
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }

    private static String refusal(PoolSpec pool, String zone) {
        return "pool '" + pool.name() + "': Compute Engine did not start " + (pool.spot() ? "SPOT " : "")
                + pool.instanceType() + " instances in " + zone;
    }

    /** One instance of a pool worker (named by its worker id); guarded by the provisioner's lock. */
    private static final class Machine {
        final String workerId;
        final String pool;
        final String zone;
        final Instant startedAt;
        final boolean startedHere;
        boolean stopping;

        Machine(String workerId, String pool, String zone, Instant startedAt, boolean startedHere) {
            this.workerId = workerId;
            this.pool = pool;
            this.zone = zone;
            this.startedAt = startedAt;
            this.startedHere = startedHere;
        }

        ProvisionedWorker view() {
            return new ProvisionedWorker(workerId, pool, startedAt, 0, stopping);
        }
    }
}
