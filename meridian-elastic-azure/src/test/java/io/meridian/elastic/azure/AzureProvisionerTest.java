package io.meridian.elastic.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerContract;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The azure provisioner against the Resource Manager stand-in: the contract, and what Azure is asked for. The
 * provisioner is handed a fixed token here: DefaultAzureCredential, which a server uses, needs Microsoft Entra ID.
 */
class AzureProvisionerTest extends ProvisionerContract {
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000beef";
    private static final String GROUP = "meridian-workers";
    private static final String SUBNET = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/net/providers/"
            + "Microsoft.Network/virtualNetworks/vnet/subnets/workers";
    private static final String IMAGE = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/images/providers/"
            + "Microsoft.Compute/galleries/g/images/meridian/versions/1.0.0";
    private static final String TOKEN = "mrd_worker.s3cr3t-token";
    private static final String ARM_TOKEN = "arm-access-token";
    private static final TokenCredential CREDENTIAL = request -> Mono.just(new AccessToken(ARM_TOKEN,
            OffsetDateTime.now().plusHours(1)));
    private ArmStandIn arm;
    private final Map<String, String> env = new HashMap<>();

    @Override
    protected Provisioner create() throws Exception {
        if (arm == null) {
            arm = new ArmStandIn(SUBSCRIPTION, GROUP);
        }
        env.putAll(Map.of("MERIDIAN_AZURE_SUBSCRIPTION_ID", SUBSCRIPTION, "MERIDIAN_AZURE_RESOURCE_GROUP", GROUP,
                "MERIDIAN_AZURE_LOCATION", "westeurope", "MERIDIAN_AZURE_IMAGE_ID", IMAGE,
                "MERIDIAN_AZURE_SUBNET_ID", SUBNET, "MERIDIAN_AZURE_SSH_PUBLIC_KEY", "ssh-ed25519 AAAAC3Nza test",
                "MERIDIAN_AZURE_ENDPOINT", arm.endpoint().toString(), "MERIDIAN_AZURE_LIST_SECONDS", "0"));
        return provisioner(env);
    }

    private Provisioner provisioner(Map<String, String> settings) {
        return new AzureProvisioner(AzureSettings.from(settings::get), context(), () -> CREDENTIAL);
    }

    @Override
    protected PoolSpec pool(String name) {
        return pool(name, false, null);
    }

    private static PoolSpec pool(String name, boolean spot, String region) {
        return new PoolSpec(name, Provider.AZURE, null, "Standard_D2s_v5", List.of("burst"), Map.of("team", "t"),
                region, 0, 4, 0.1, spot, 60, 2, null, null);
    }

    private ProvisionerFactory.Context context() {
        return new ProvisionerFactory.Context("https://coordinator.internal:8080", TOKEN, Duration.ofSeconds(40),
                InstantSource.system(), env::get, List.of(pool("a")));
    }

    @AfterEach
    void stopStandIn() {
        provisioner.close(); // before the stand-in goes: closing deletes the machines
        arm.close();
    }

    @Test
    void aWorkerIsAVirtualMachineThatBootsMeridianWorkerTaggedWithItsPool() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        ArmStandIn.Request put = arm.requests("PUT").getFirst();
        assertThat(put.path()).isEqualTo("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP
                + "/providers/Microsoft.Compute/virtualMachines/" + w.workerId());
        assertThat(put.apiVersion()).isEqualTo(ArmStandIn.API_VERSION);
        assertThat(put.authorization()).isEqualTo("Bearer " + ARM_TOKEN);
        JsonNode vm = put.body();
        assertThat(vm.path("location").asString()).isEqualTo("westeurope");
        JsonNode p = vm.path("properties");
        assertThat(p.path("hardwareProfile").path("vmSize").asString()).isEqualTo("Standard_D2s_v5");
        assertThat(p.path("storageProfile").path("imageReference").path("id").asString()).isEqualTo(IMAGE);
        assertThat(p.path("storageProfile").path("osDisk").path("deleteOption").asString()).isEqualTo("Delete");
        JsonNode nic = p.path("networkProfile").path("networkInterfaceConfigurations").get(0);
        assertThat(nic.path("properties").path("deleteOption").asString()).isEqualTo("Delete");
        assertThat(nic.path("properties").path("ipConfigurations").get(0).path("properties").path("subnet")
                .path("id").asString()).isEqualTo(SUBNET);
        assertThat(p.has("priority")).isFalse();
        assertThat(p.path("osProfile").path("adminUsername").asString()).isEqualTo("meridian");
        assertThat(p.path("osProfile").path("linuxConfiguration").path("disablePasswordAuthentication")
                .asBoolean()).isTrue();
        assertThat(p.path("osProfile").has("adminPassword")).isFalse();
        assertThat(arm.machines().getFirst().tags()).containsEntry("meridian.pool", "a")
                .containsEntry("meridian.cluster", "meridian").containsEntry("meridian.worker-id", w.workerId())
                .containsEntry("team", "t");
        String script = new String(Base64.getDecoder().decode(p.path("osProfile").path("customData").asString()),
                StandardCharsets.UTF_8);
        assertThat(script).startsWith("#!/bin/bash").contains("MERIDIAN_COORDINATOR=https://coordinator.internal:8080",
                "MERIDIAN_TOKEN=" + TOKEN, "EnvironmentFile=/etc/meridian/worker.env", "TimeoutStopSec=40",
                "systemctl enable --now meridian-worker.service");
        String exec = script.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertThat(exec).startsWith("ExecStart=\"/opt/meridian/meridian\" worker \"--id\" \"" + w.workerId() + "\"")
                .contains("\"--capabilities\" \"burst\"", "\"--node-type\" \"vm\"", "\"--label\" \"meridian.pool=a\"")
                .doesNotContain(TOKEN); // the command line shows in ps; the token only in the root-only file
    }

    @Test
    void aSpotPoolAsksForSpotPriorityWithEvictionDelete() throws Exception {
        provisioner.start(pool("cheap", true, "northeurope"), 1);
        JsonNode vm = arm.requests("PUT").getFirst().body();
        assertThat(vm.path("location").asString()).isEqualTo("northeurope"); // the pool's region wins
        assertThat(vm.path("properties").path("priority").asString()).isEqualTo("Spot");
        assertThat(vm.path("properties").path("evictionPolicy").asString()).isEqualTo("Delete");
        assertThat(vm.path("properties").path("billingProfile").path("maxPrice").asDouble()).isEqualTo(-1.0);
    }

    @Test
    void noSpotCapacityIsAProviderErrorThatLeavesNothingRunning() {
        arm.refuseCreates("SkuNotAvailable", 409, 0);
        assertThatThrownBy(() -> provisioner.start(pool("cheap", true, null), 2))
                .isInstanceOf(ProvisionException.class).hasMessageContaining("pool 'cheap'")
                .hasMessageContaining("Spot Standard_D2s_v5 machines in westeurope")
                .hasMessageContaining("SkuNotAvailable").hasMessageContaining("next pool that fits");
        assertThat(provisioner.running("cheap")).isEmpty();
    }

    @Test
    void aQuotaHitHalfwayDeletesWhatThisCallStarted() {
        arm.refuseCreates("OperationNotAllowed", 409, 1);
        assertThatThrownBy(() -> provisioner.start(pool("a"), 3)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("OperationNotAllowed").hasMessageContaining("quota");
        assertThat(arm.requests("DELETE")).singleElement()
                .satisfies(d -> assertThat(d.path()).endsWith("/virtualMachines/" + arm.machines().getFirst().name()));
        // the first machine is being deleted (a stopping worker), then gone
        assertThat(provisioner.running("a")).allSatisfy(w -> assertThat(w.stopping()).isTrue());
        await().atMost(patience()).until(() -> provisioner.running("a").isEmpty());
    }

    @Test
    void aStoppedWorkerIsDeletedAndDrainsWhileItsMachineGoes() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        provisioner.stop(w.workerId());
        provisioner.stop(w.workerId()); // asked twice, deleted once
        assertThat(arm.requests("DELETE")).singleElement()
                .satisfies(d -> assertThat(d.path()).endsWith("/virtualMachines/" + w.workerId()));
        assertThat(provisioner.running("a")).singleElement().satisfies(x -> assertThat(x.stopping()).isTrue());
        await().atMost(patience()).until(() -> provisioner.running("a").isEmpty());
    }

    @Test
    void aRestartedServerFindsAndStopsThePoolsMachinesByTag() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        Provisioner again = provisioner(env);
        try {
            assertThat(again.running("a")).extracting(ProvisionedWorker::workerId).containsExactly(w.workerId());
            again.stop(w.workerId());
            assertThat(arm.requests("DELETE")).hasSize(1);
        } finally {
            again.close();
        }
    }

    @Test
    void anotherDeploymentInTheGroupNeitherSeesNorStopsThisOnesMachines() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        Map<String, String> staging = new HashMap<>(env);
        staging.put("MERIDIAN_AZURE_CLUSTER", "staging");
        Provisioner other = provisioner(staging);
        try {
            assertThat(other.running("a")).isEmpty();
            other.stop(w.workerId());
            assertThat(arm.requests("DELETE")).isEmpty();
        } finally {
            other.close();
        }
        assertThat(provisioner.running("a")).hasSize(1);
    }

    @Test
    void theTokenCanStayInKeyVault() throws Exception {
        env.put("MERIDIAN_AZURE_TOKEN_SECRET", "https://meridian-kv.vault.azure.net/secrets/worker-token");
        env.put("MERIDIAN_AZURE_IDENTITY_ID", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/id/providers/"
                + "Microsoft.ManagedIdentity/userAssignedIdentities/meridian-worker");
        provisioner.close();
        provisioner = provisioner(env);
        provisioner.start(pool("a"), 1);
        JsonNode vm = arm.requests("PUT").getFirst().body();
        assertThat(vm.path("identity").path("type").asString()).isEqualTo("UserAssigned");
        assertThat(vm.path("identity").path("userAssignedIdentities").has(env.get("MERIDIAN_AZURE_IDENTITY_ID")))
                .isTrue();
        String script = new String(Base64.getDecoder().decode(vm.path("properties").path("osProfile")
                .path("customData").asString()), StandardCharsets.UTF_8);
        assertThat(script).doesNotContain(TOKEN).contains("az keyvault secret show --id "
                + "'https://meridian-kv.vault.azure.net/secrets/worker-token'");
    }

    @Test
    void theServerFindsTheFactoryAndItNamesMissingSettings() {
        ProvisionerFactory factory = ServiceLoader.load(ProvisionerFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.provider() == Provider.AZURE).findFirst().orElseThrow();
        factory.check(env::get);
        env.remove("MERIDIAN_AZURE_SUBNET_ID");
        assertThatThrownBy(() -> factory.check(env::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MERIDIAN_AZURE_SUBNET_ID is required for azure pools");
        env.put("MERIDIAN_AZURE_SUBNET_ID", SUBNET);
        env.put("MERIDIAN_AZURE_LIST_SECONDS", "soon");
        assertThatThrownBy(() -> factory.check(env::get)).hasMessageContaining("MERIDIAN_AZURE_LIST_SECONDS")
                .hasMessageContaining("'soon'");
        env.put("MERIDIAN_AZURE_LIST_SECONDS", "0");
        env.put("MERIDIAN_AZURE_TOKEN_SECRET", "https://kv.vault.azure.net/secrets/t");
        assertThatThrownBy(() -> factory.check(env::get)).hasMessageContaining("MERIDIAN_AZURE_IDENTITY_ID");
    }

    @Test
    void aPoolWithoutAnInstanceTypeOrLocationIsRefusedByName() {
        PoolSpec bare = new PoolSpec("bare", Provider.AZURE, null, null, List.of(), Map.of(), null, 0, 1, 0, false,
                60, 1, null, null);
        assertThatThrownBy(() -> provisioner.start(bare, 1)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("pool 'bare': instance_type is required");
        env.remove("MERIDIAN_AZURE_LOCATION");
        Provisioner nowhere = provisioner(env);
        try {
            assertThatThrownBy(() -> nowhere.start(pool("a"), 1)).isInstanceOf(ProvisionException.class)
                    .hasMessageContaining("MERIDIAN_AZURE_LOCATION");
        } finally {
            nowhere.close();
        }
        assertThat(arm.requests("PUT")).isEmpty();
    }
}
