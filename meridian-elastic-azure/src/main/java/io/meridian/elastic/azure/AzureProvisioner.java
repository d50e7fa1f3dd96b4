package io.meridian.elastic.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
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
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pool workers on Azure virtual machines: one machine per worker, named after it, created with custom data that
 * starts {@code meridian worker} as a service, tagged with its pool, worker id and deployment, Spot priority (evicted
 * machines deleted) when the pool allows it. Stopping a worker deletes its machine: the shutdown stops the service
 * with SIGTERM, on which the worker drains; it counts as stopping while Azure deletes it. The pools' machines are
 * found by tag in the resource group, so the list survives a restart of the server.
 *
 * <p>Errors are caught as {@link RuntimeException}: the SDK raises Resource Manager's refusals as
 * {@link ManagementException} but transport failures wrapped in reactive or unchecked I/O exceptions.
 *
 * <p>The calls return once Resource Manager has accepted them; the machines boot, and go, in the background. A
 * refusal (quota, no Spot capacity, a size the region lacks) fails the start with a {@link ProvisionException}: the
 * autoscaler opens the pool's breaker and gives its demand to the next cheapest pool that fits.
 */
public final class AzureProvisioner implements Provisioner {
    /** Resource Manager's lists trail its writes for a moment: a machine started here stays listed this long. */
    static final Duration LISTING_LAG = Duration.ofSeconds(60);
    /** How long closing waits for the pools' machines to be listed and deleted. */
    static final Duration CLOSE_LIMIT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(AzureProvisioner.class);
    private static final Set<String> NO_CAPACITY = Set.of("SkuNotAvailable", "AllocationFailed",
            "ZonalAllocationFailed", "OverconstrainedAllocationRequest", "OverconstrainedZonalAllocationRequest");
    private final AzureSettings settings;
    private final ProvisionerFactory.Context context;
    private final Supplier<TokenCredential> credential;
    private final String prefix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Machine> known = new LinkedHashMap<>();
    private final Map<String, Instant> listedAt = new LinkedHashMap<>();
    private final Set<String> startedPools = new LinkedHashSet<>();
    private VirtualMachinesClient vms;
    private boolean closed;

    AzureProvisioner(AzureSettings settings, ProvisionerFactory.Context context, Supplier<TokenCredential> credential) {
        this.settings = settings;
        this.context = context;
        this.credential = credential;
    }

    @Override
    public Provider provider() {
        return Provider.AZURE;
    }

    @Override
    public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException {
        if (closed) {
            throw new ProvisionException("the azure provisioner is closed");
        }
        if (count <= 0) {
            return List.of();
        }
        if (pool.instanceType() == null) {
            throw new ProvisionException("pool '" + pool.name() + "': instance_type is required for provider azure "
                    + "(a VM size such as Standard_D2s_v5)");
        }
        String location = pool.region() != null ? pool.region() : settings.location();
        if (location == null) {
            throw new ProvisionException("pool '" + pool.name() + "': no region, and MERIDIAN_AZURE_LOCATION is not "
                    + "set: an azure pool needs a location such as westeurope");
        }
        startedPools.add(pool.name());
        List<Machine> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String id = pool.name() + "-" + prefix + "-" + next.incrementAndGet();
                // returns once accepted: the machine is created in the background, and listed meanwhile
                client().beginCreateOrUpdate(settings.resourceGroup(), id, AzureRequests.vm(pool, id, location,
                        settings, context.coordinatorUrl(), context.workerToken(), context.drainGrace()), null, null,
                        Context.NONE);
                Machine m = new Machine(id, pool.name(), context.clock().instant(), true);
                started.add(m);
                known.put(id, m);
                log.info("Started worker {} of pool {} on an Azure {} machine in {}{}", id, pool.name(),
                        pool.instanceType(), location, pool.spot() ? " (Spot)" : "");
            }
        } catch (RuntimeException e) {
            started.forEach(m -> {
                known.remove(m.workerId);
                delete(m.workerId);
            });
            throw new ProvisionException(refusal(pool, location, e), e);
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
        if (delete(workerId)) {
            m.stopping = true;
            log.info("Deleting the Azure machine of worker {} (pool {}): its shutdown drains the worker", workerId,
                    m.pool);
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
            } catch (RuntimeException e) {
                log.warn("Could not list the Azure machines of pool {}; keeping the last list: {}", pool,
                        e.getMessage());
            }
        }
        return known.values().stream().filter(m -> m.pool.equals(pool)).map(Machine::view).toList();
    }

    /** Deletes the machines of every pool this provisioner started workers in; their shutdown drains them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        // Bounded: a server stopped by a signal closes this from a shutdown hook, where the SDK's calls were seen
        // never to complete (docs/elastic.md); the server must exit all the same.
        Thread deleting = Thread.ofPlatform().daemon().name("meridian-azure-close").start(this::deleteStarted);
        try {
            if (!deleting.join(CLOSE_LIMIT)) {
                log.error("The Azure machines of pools {} were not all deleted within {} s: delete the machines "
                        + "tagged meridian.cluster={} in resource group {}", startedPools, CLOSE_LIMIT.toSeconds(),
                        settings.cluster(), settings.resourceGroup());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        known.clear();
    }

    private void deleteStarted() {
        for (String pool : startedPools) {
            try {
                list(pool, context.clock().instant());
            } catch (RuntimeException e) {
                log.warn("Could not list the Azure machines of pool {} to stop them: {}", pool, e.getMessage());
            }
            known.values().stream().filter(m -> m.pool.equals(pool) && !m.stopping).toList()
                    .forEach(m -> delete(m.workerId));
        }
    }

    /** The client, made on first use: DefaultAzureCredential is looked up then, not at server start. */
    private VirtualMachinesClient client() {
        if (vms == null) {
            vms = AzureClients.virtualMachines(settings, credential.get());
        }
        return vms;
    }

    /** Replaces what is known of {@code pool} by Azure's list, keeping machines started here it does not show yet. */
    private void list(String pool, Instant now) {
        Map<String, Machine> listed = new LinkedHashMap<>();
        for (VirtualMachineInner vm : client().listByResourceGroup(settings.resourceGroup())) {
            if (AzureRequests.ofPool(vm, settings.cluster(), pool)) {
                Machine m = machine(vm, pool);
                listed.put(m.workerId, m);
            }
        }
        known.values().removeIf(m -> m.pool.equals(pool) && !listed.containsKey(m.workerId)
                && !(m.startedHere && !m.stopping && m.createdAt.isAfter(now.minus(LISTING_LAG))));
        listed.forEach((id, m) -> {
            Machine before = known.get(id);
            m.stopping |= before != null && before.stopping; // a delete Azure's list does not show yet
            known.put(id, m);
        });
    }

    private Machine find(String workerId) {
        try {
            VirtualMachineInner vm = client().getByResourceGroup(settings.resourceGroup(), workerId);
            Map<String, String> tags = vm.tags() == null ? Map.of() : vm.tags();
            String pool = tags.get(PoolSpec.POOL_LABEL);
            return pool != null && AzureRequests.ofPool(vm, settings.cluster(), pool) ? machine(vm, pool) : null;
        } catch (ManagementException e) {
            if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) {
                log.warn("Could not look up the Azure machine of worker {}: {}", workerId, e.getMessage());
            }
            return null;
        } catch (RuntimeException e) {
            log.warn("Could not look up the Azure machine of worker {}: {}", workerId, e.getMessage());
            return null;
        }
    }

    private boolean delete(String workerId) {
        try {
            // returns once accepted; the machine, its disk and its network card go in the background
            client().beginDelete(settings.resourceGroup(), workerId, null, Context.NONE);
            return true;
        } catch (RuntimeException e) {
            log.error("Could not delete the Azure machine of worker {}: {}", workerId, e.getMessage());
            return false;
        }
    }

    private Machine machine(VirtualMachineInner vm, String pool) {
        String id = vm.tags().get(AzureRequests.WORKER_ID_TAG);
        Machine before = known.get(id);
        Instant created = vm.timeCreated() != null ? vm.timeCreated().toInstant()
                : before != null ? before.createdAt : context.clock().instant();
        Machine m = new Machine(id, pool, created, before != null && before.startedHere);
        m.stopping = "Deleting".equalsIgnoreCase(vm.provisioningState());
        return m;
    }

    private static String refusal(PoolSpec pool, String location, RuntimeException e) {
        String where = "pool '" + pool.name() + "': Azure did not create " + (pool.spot() ? "Spot " : "")
                + pool.instanceType() + " machines in " + location;
        if (e instanceof ManagementException m && m.getValue() != null) {
            ManagementError error = m.getValue();
            String hint = pool.spot() && error.getCode() != null && NO_CAPACITY.contains(error.getCode())
                    ? " (no Spot capacity: the demand goes to the next pool that fits)" : "";
            return where + ": " + error.getCode() + ": " + error.getMessage() + hint;
        }
        // a transport failure reaches here wrapped (reactive or unchecked I/O): its cause says what happened
        Throwable cause = e.getCause() != null && e.getMessage() != null && e.getMessage().contains(
                e.getCause().getClass().getName()) ? e.getCause() : e;
        return where + ": " + cause;
    }

    /** One machine of a pool worker; guarded by the provisioner's lock. */
    private static final class Machine {
        final String workerId;
        final String pool;
        final Instant createdAt;
        final boolean startedHere;
        boolean stopping;

        Machine(String workerId, String pool, Instant createdAt, boolean startedHere) {
            this.workerId = workerId;
            this.pool = pool;
            this.createdAt = createdAt;
            this.startedHere = startedHere;
        }

        ProvisionedWorker view() {
            return new ProvisionedWorker(workerId, pool, createdAt, 0, stopping);
        }
    }
}
