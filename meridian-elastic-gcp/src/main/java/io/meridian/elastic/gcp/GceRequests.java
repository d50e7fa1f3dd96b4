package io.meridian.elastic.gcp;

import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.ServiceAccount;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.provision.StartupScript;
import io.meridian.elastic.provision.WorkerArguments;
import java.time.Duration;
import java.util.Locale;

/** What a pool worker's Compute Engine instance is, and how its pool's are found. */
final class GceRequests {
    /** Label keys: Compute Engine labels allow no '.', so the pool's is not {@link PoolSpec#POOL_LABEL} here. */
    static final String POOL_LABEL = "meridian-pool";
    static final String WORKER_LABEL = "meridian-worker";
    static final String CLUSTER_LABEL = "meridian-cluster";

    private GceRequests() {}

    /**
     * An instance name, which is also the worker id and a label value: lower-case, '_' as '-', and starting with a
     * letter as Compute Engine wants (a pool named {@code 1st} gets workers {@code w-1st-...}).
     */
    static String instanceName(String workerId) {
        String name = workerId.toLowerCase(Locale.ROOT).replace('_', '-');
        return Character.isLetter(name.charAt(0)) ? name : "w-" + name;
    }

    static Instance instance(PoolSpec pool, String workerId, String zone, GceSettings settings, String coordinatorUrl,
                             String token, Duration drainGrace) {
        String script = new StartupScript(settings.executable(), WorkerArguments.of(workerId, pool, drainGrace),
                coordinatorUrl, settings.tokenSecret() == null ? token : null, settings.tokenCommand(),
                drainGrace).render();
        String name = instanceName(workerId);
        NetworkInterface.Builder nic = NetworkInterface.newBuilder();
        if (settings.subnetwork() != null) {
            nic.setSubnetwork(settings.subnetwork());
        } else {
            nic.setNetwork("global/networks/default");
        }
        Instance.Builder b = Instance.newBuilder().setName(name)
                .setMachineType("zones/" + zone + "/machineTypes/" + pool.instanceType())
                .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true).setInitializeParams(
                        AttachedDiskInitializeParams.newBuilder().setSourceImage(settings.image())))
                .addNetworkInterfaces(nic) // no external address: the workers only connect out, to the coordinators
                .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script")
                        .setValue(script)))
                .putAllLabels(pool.labels()).putLabels(CLUSTER_LABEL, settings.cluster())
                .putLabels(POOL_LABEL, pool.name()).putLabels(WORKER_LABEL, name);
        if (settings.serviceAccount() != null) {
            b.addServiceAccounts(ServiceAccount.newBuilder().setEmail(settings.serviceAccount())
                    .addScopes("https://www.googleapis.com/auth/cloud-platform"));
        }
        if (pool.spot()) {
            b.setScheduling(Scheduling.newBuilder().setProvisioningModel(Scheduling.ProvisioningModel.SPOT.name())
                    .setInstanceTerminationAction(Scheduling.InstanceTerminationAction.DELETE.name())
                    .setAutomaticRestart(false).setOnHostMaintenance(Scheduling.OnHostMaintenance.TERMINATE.name()));
        }
        return b.build();
    }

    /** The list filter of one pool of this deployment. */
    static String poolFilter(String cluster, String pool) {
        return "(labels." + CLUSTER_LABEL + " = \"" + cluster + "\") AND (labels." + POOL_LABEL + " = \"" + pool
                + "\")";
    }
}
