package io.meridian.elastic.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerContract;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The gcp provisioner against the Compute Engine stand-in: the contract, and what Compute Engine is asked for. */
class GceProvisionerTest extends ProvisionerContract {
    private static final String TOKEN = "mrd_worker.s3cr3t-token";
    private static GceStandIn gce;
    private final Map<String, String> env = new HashMap<>();

    /**
     * Application Default Credentials find gcloud's file under the user's home: here one whose refresh goes to the
     * stand-in, so the provisioner is handed no credential and the real lookup runs. Set once per test JVM, as the
     * client library caches what it found.
     */
    @BeforeEach
    void standInAndCredentials() throws Exception {
        synchronized (GceProvisionerTest.class) {
            if (gce == null) {
                gce = new GceStandIn();
                Path home = Files.createTempDirectory("gcloud-home");
                Path file = home.resolve(".config/gcloud/application_default_credentials.json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, "{\"type\": \"authorized_user\", \"client_id\": \"meridian-test\", "
                        + "\"client_secret\": \"not-a-secret\", \"refresh_token\": \"refresh\", \"token_uri\": \""
                        + gce.endpoint() + "/token\"}");
                System.setProperty("user.home", home.toString());
            }
        }
    }

    @Override
    protected Provisioner create() throws Exception {
        standInAndCredentials();
        env.putAll(Map.of("MERIDIAN_GCP_PROJECT", "meridian-test", "MERIDIAN_GCP_ZONE", "europe-west1-b",
                "MERIDIAN_GCP_IMAGE", "projects/meridian-test/global/images/meridian-worker",
                "MERIDIAN_GCP_SERVICE_ACCOUNT", "worker@meridian-test.iam.gserviceaccount.com",
                "MERIDIAN_GCP_ENDPOINT", gce.endpoint(), "MERIDIAN_GCP_LIST_SECONDS", "0",
                "MERIDIAN_GCP_CLUSTER", "run-" + System.nanoTime()));
        return factory().create(context());
    }

    @Override
    protected PoolSpec pool(String name) {
        return pool(name, false);
    }

    private static PoolSpec pool(String name, boolean spot) {
        return new PoolSpec(name, Provider.GCP, null, "e2-standard-4", List.of("burst"), Map.of("team", "t"), null, 0,
                4, 0.1, spot, 60, 2, null, null);
    }

    private ProvisionerFactory.Context context() {
        return new ProvisionerFactory.Context("https://coordinator.internal:8080", TOKEN, Duration.ofSeconds(40),
                InstantSource.system(), env::get, List.of(pool("a")));
    }

    private static ProvisionerFactory factory() {
        return ServiceLoader.load(ProvisionerFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.provider() == Provider.GCP).findFirst().orElseThrow();
    }

    private JsonNode instance(String workerId) {
        return gce.instances().stream().filter(i -> i.path("name").asString().equals(workerId)).findFirst()
                .orElseThrow();
    }

    @AfterEach
    void noRefusal() {
        gce.refuseInserts(null, false, 0);
    }

    @Test
    void aWorkerIsAnInstanceWhoseStartupScriptRunsMeridianWorker() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        JsonNode in = instance(w.workerId());
        assertThat(in.path("machineType").asString()).isEqualTo("zones/europe-west1-b/machineTypes/e2-standard-4");
        assertThat(in.path("disks").get(0).path("initializeParams").path("sourceImage").asString())
                .isEqualTo("projects/meridian-test/global/images/meridian-worker");
        assertThat(in.path("labels").path("meridian-pool").asString()).isEqualTo("a");
        assertThat(in.path("labels").path("meridian-worker").asString()).isEqualTo(w.workerId());
        assertThat(in.path("labels").path("team").asString()).isEqualTo("t");
        assertThat(in.path("serviceAccounts").get(0).path("email").asString())
                .isEqualTo("worker@meridian-test.iam.gserviceaccount.com");
        assertThat(in.path("scheduling").path("provisioningModel").isMissingNode()).isTrue();
        JsonNode item = in.path("metadata").path("items").get(0);
        assertThat(item.path("key").asString()).isEqualTo("startup-script");
        String script = item.path("value").asString();
        assertThat(script).contains("MERIDIAN_COORDINATOR=https://coordinator.internal:8080", "MERIDIAN_TOKEN=" + TOKEN,
                "\"--id\" \"" + w.workerId() + "\"", "\"--label\" \"meridian.pool=a\"", "\"--node-type\" \"vm\"");
        assertThat(script.lines().filter(l -> l.startsWith("ExecStart="))).singleElement()
                .satisfies(l -> assertThat(l).doesNotContain(TOKEN));
        assertThat(gce.authorizations()).allSatisfy(a -> assertThat(a).isEqualTo("Bearer ya29.stand-in"));
    }

    @Test
    void aSpotPoolAsksForTheSpotProvisioningModel() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("cheap", true), 1).getFirst();
        JsonNode scheduling = instance(w.workerId()).path("scheduling");
        assertThat(scheduling.path("provisioningModel").asString()).isEqualTo("SPOT");
        assertThat(scheduling.path("instanceTerminationAction").asString()).isEqualTo("DELETE");
    }

    @Test
    void aQuotaIsAProviderErrorThatLeavesNothingRunning() {
        gce.refuseInserts("quotaExceeded", false, 1);
        long deletes = gce.requests().stream().filter(r -> r.startsWith("DELETE ")).count();
        assertThatThrownBy(() -> provisioner.start(pool("a"), 2)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("pool 'a': Compute Engine did not start e2-standard-4 instances in "
                        + "europe-west1-b")
                .hasMessageContaining("403 Quota 'CPUS' exceeded");
        assertThat(gce.requests().stream().filter(r -> r.startsWith("DELETE ")).count())
                .isEqualTo(deletes + 1); // the first instance, which did start
        await().atMost(patience()).until(() -> provisioner.running("a").isEmpty());
    }

    @Test
    void noSpotCapacityReportedInTheOperationIsAProviderError() {
        gce.refuseInserts("ZONE_RESOURCE_POOL_EXHAUSTED", true, 0);
        assertThatThrownBy(() -> provisioner.start(pool("cheap", true), 1)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("SPOT e2-standard-4").hasMessageContaining("ZONE_RESOURCE_POOL_EXHAUSTED")
                .hasMessageContaining("next pool that fits");
        await().atMost(patience()).until(() -> provisioner.running("cheap").isEmpty());
    }

    @Test
    void aStoppedWorkerIsDeletedAndDrainsWhileItsInstanceStops() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        provisioner.stop(w.workerId());
        provisioner.stop(w.workerId());
        assertThat(gce.requests()).filteredOn(r -> r.startsWith("DELETE ")).filteredOn(r -> r.endsWith(
                "/zones/europe-west1-b/instances/" + w.workerId())).hasSize(1);
        assertThat(provisioner.running("a")).singleElement().satisfies(x -> assertThat(x.stopping()).isTrue());
        await().atMost(patience()).until(() -> provisioner.running("a").isEmpty());
    }

    @Test
    void aRestartedServerFindsItsPoolsInstancesByLabel() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        Provisioner again = factory().create(context());
        try {
            assertThat(again.running("a")).extracting(ProvisionedWorker::workerId).containsExactly(w.workerId());
        } finally {
            again.close();
        }
    }

    @Test
    void instanceNamesAreValidForComputeEngine() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("9_lives"), 1).getFirst();
        assertThat(w.workerId()).matches("w-9-lives-[0-9a-f]{4}-[0-9]+");
        assertThat(instance(w.workerId()).path("labels").path("meridian-pool").asString()).isEqualTo("9_lives");
        assertThat(provisioner.running("9_lives")).extracting(ProvisionedWorker::workerId)
                .containsExactly(w.workerId());
    }

    @Test
    void missingSettingsAreNamed() {
        env.remove("MERIDIAN_GCP_IMAGE");
        assertThatThrownBy(() -> factory().check(env::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MERIDIAN_GCP_IMAGE is required");
    }
}
