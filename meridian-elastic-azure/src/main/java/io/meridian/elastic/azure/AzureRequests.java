package io.meridian.elastic.azure;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.BillingProfile;
import com.azure.resourcemanager.compute.models.DeleteOptions;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.DiskDeleteOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.NetworkApiVersion;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.SshPublicKey;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineEvictionPolicyTypes;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.compute.models.VirtualMachineNetworkInterfaceConfiguration;
import com.azure.resourcemanager.compute.models.VirtualMachineNetworkInterfaceIpConfiguration;
import com.azure.resourcemanager.compute.models.VirtualMachinePriorityTypes;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.provision.StartupScript;
import io.meridian.elastic.provision.WorkerArguments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The virtual machine of a pool worker, as the azure provisioner asks Resource Manager for it. */
final class AzureRequests {
    /** The tag that holds a machine's worker id; {@link PoolSpec#POOL_LABEL} holds its pool. */
    static final String WORKER_ID_TAG = "meridian.worker-id";
    /** The tag that names the deployment ({@link AzureSettings#cluster}) a machine belongs to. */
    static final String CLUSTER_TAG = "meridian.cluster";

    private AzureRequests() {}

    /**
     * One machine for one worker, named after it. Its network card and disk are made with it and deleted with it, so
     * deleting the machine leaves nothing billed behind; a spot machine Azure evicts is deleted, not kept stopped.
     */
    static VirtualMachineInner vm(PoolSpec pool, String workerId, String location, AzureSettings settings,
                                  String coordinatorUrl, String token, Duration drainGrace) {
        String script = new StartupScript(settings.executable(), WorkerArguments.of(workerId, pool, drainGrace),
                coordinatorUrl, settings.tokenSecret() == null ? token : null, settings.tokenCommand(),
                drainGrace).render();
        VirtualMachineInner vm = new VirtualMachineInner()
                .withHardwareProfile(new HardwareProfile()
                        .withVmSize(VirtualMachineSizeTypes.fromString(pool.instanceType())))
                .withStorageProfile(new StorageProfile()
                        .withImageReference(new ImageReference().withId(settings.imageId()))
                        .withOsDisk(new OSDisk().withName(workerId + "-os")
                                .withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                                .withDeleteOption(DiskDeleteOptionTypes.DELETE)))
                .withOsProfile(new OSProfile().withComputerName(workerId).withAdminUsername(settings.adminUser())
                        .withCustomData(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)))
                        .withLinuxConfiguration(new LinuxConfiguration().withDisablePasswordAuthentication(true)
                                .withSsh(new SshConfiguration().withPublicKeys(List.of(new SshPublicKey()
                                        .withPath("/home/" + settings.adminUser() + "/.ssh/authorized_keys")
                                        .withKeyData(settings.sshPublicKey()))))))
                .withNetworkProfile(new NetworkProfile()
                        // this API version lets the machine make its own network card, in the same call
                        .withNetworkApiVersion(NetworkApiVersion.TWO_ZERO_TWO_ZERO_ONE_ONE_ZERO_ONE)
                        .withNetworkInterfaceConfigurations(List.of(new VirtualMachineNetworkInterfaceConfiguration()
                                .withName(workerId + "-nic").withPrimary(true).withDeleteOption(DeleteOptions.DELETE)
                                .withIpConfigurations(List.of(new VirtualMachineNetworkInterfaceIpConfiguration()
                                        .withName("ipconfig").withPrimary(true)
                                        .withSubnet(new SubResource().withId(settings.subnetId())))))));
        if (pool.spot()) {
            // maxPrice -1: pay up to the on-demand price, so a machine is evicted for capacity only, never for price
            vm.withPriority(VirtualMachinePriorityTypes.SPOT)
                    .withEvictionPolicy(VirtualMachineEvictionPolicyTypes.DELETE)
                    .withBillingProfile(new BillingProfile().withMaxPrice(-1.0));
        }
        if (settings.identityId() != null) {
            vm.withIdentity(new VirtualMachineIdentity().withType(ResourceIdentityType.USER_ASSIGNED)
                    .withUserAssignedIdentities(Map.of(settings.identityId(),
                            new VirtualMachineIdentityUserAssignedIdentities())));
        }
        vm.withLocation(location);
        vm.withTags(tags(pool, workerId, settings.cluster()));
        return vm;
    }

    private static Map<String, String> tags(PoolSpec pool, String workerId, String cluster) {
        Map<String, String> tags = new LinkedHashMap<>(pool.labels());
        tags.put(CLUSTER_TAG, cluster);
        tags.put(PoolSpec.POOL_LABEL, pool.name());
        tags.put(WORKER_ID_TAG, workerId);
        return tags;
    }

    /** Whether {@code vm} is a machine of {@code pool} in this deployment. */
    static boolean ofPool(VirtualMachineInner vm, String cluster, String pool) {
        Map<String, String> tags = vm.tags() == null ? Map.of() : vm.tags();
        return cluster.equals(tags.get(CLUSTER_TAG)) && pool.equals(tags.get(PoolSpec.POOL_LABEL))
                && tags.get(WORKER_ID_TAG) != null;
    }
}
