package io.meridian.elastic.aws;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The aws provisioner against the EC2 stand-in: the contract, and what EC2 is asked for. */
class Ec2ProvisionerTest extends ProvisionerContract {
    private static final String KEY_ID = "AKIDMERIDIANTEST";
    private static final String TOKEN = "mrd_worker.s3cr3t-token";
    private Ec2StandIn ec2;
    private final Map<String, String> env = new HashMap<>();

    /** The SDK's default chains read these system properties: no credential is handed to the provisioner. */
    @BeforeAll
    static void credentialsOfTheDefaultChain() {
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", "test-secret-not-a-real-key");
        System.setProperty("aws.region", "eu-west-1");
    }

    @Override
    protected Provisioner create() throws Exception {
        ec2 = new Ec2StandIn();
        env.putAll(Map.of("MERIDIAN_AWS_IMAGE_ID", "ami-0123456789abcdef0", "MERIDIAN_AWS_SUBNET_ID", "subnet-42",
                "MERIDIAN_AWS_SECURITY_GROUP_IDS", "sg-1, sg-2", "MERIDIAN_AWS_INSTANCE_PROFILE", "meridian-worker",
                "MERIDIAN_AWS_ENDPOINT", ec2.endpoint().toString(), "MERIDIAN_AWS_LIST_SECONDS", "0"));
        return factory().create(context());
    }

    @Override
    protected PoolSpec pool(String name) {
        return pool(name, false);
    }

    private PoolSpec pool(String name, boolean spot) {
        return pool(name, spot, null);
    }

    private static PoolSpec pool(String name, boolean spot, String region) {
        return new PoolSpec(name, Provider.AWS, null, "m7i.large", List.of("burst"), Map.of("team", "t"), region, 0,
                4, 0.1, spot, 60, 2, null, null);
    }

    private ProvisionerFactory.Context context() {
        return new ProvisionerFactory.Context("https://coordinator.internal:8080", TOKEN, Duration.ofSeconds(40),
                InstantSource.system(), env::get, List.of(pool("a"), pool("far", false, "ap-south-1")));
    }

    private static ProvisionerFactory factory() {
        return ServiceLoader.load(ProvisionerFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.provider() == Provider.AWS).findFirst().orElseThrow();
    }

    @AfterEach
    void stopStandIn() {
        ec2.close();
    }

    @Test
    void aWorkerIsAnInstanceThatBootsMeridianWorkerTaggedWithItsPool() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        Map<String, String> run = ec2.requests("RunInstances").getFirst();
        assertThat(run).containsEntry("ImageId", "ami-0123456789abcdef0").containsEntry("InstanceType", "m7i.large")
                .containsEntry("MinCount", "1").containsEntry("MaxCount", "1").containsEntry("SubnetId", "subnet-42")
                .containsEntry("SecurityGroupId.1", "sg-1").containsEntry("SecurityGroupId.2", "sg-2")
                .containsEntry("IamInstanceProfile.Name", "meridian-worker")
                .containsEntry("MetadataOptions.HttpTokens", "required")
                .containsEntry("InstanceInitiatedShutdownBehavior", "terminate")
                .doesNotContainKey("InstanceMarketOptions.MarketType");
        assertThat(ec2.machines().getFirst().tags()).containsEntry("meridian.pool", "a")
                .containsEntry("meridian.cluster", "meridian")
                .containsEntry("meridian.worker-id", w.workerId()).containsEntry("Name", w.workerId())
                .containsEntry("team", "t");
        String script = new String(Base64.getDecoder().decode(run.get("UserData")), StandardCharsets.UTF_8);
        assertThat(script).startsWith("#!/bin/bash").contains("MERIDIAN_COORDINATOR=https://coordinator.internal:8080",
                "MERIDIAN_TOKEN=" + TOKEN, "EnvironmentFile=/etc/meridian/worker.env", "TimeoutStopSec=40",
                "systemctl enable --now meridian-worker.service");
        String exec = script.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertThat(exec).startsWith("ExecStart=\"/opt/meridian/meridian\" worker \"--id\" \"" + w.workerId() + "\"")
                .contains("\"--capabilities\" \"burst\"", "\"--concurrency\" \"2\"", "\"--node-type\" \"vm\"",
                        "\"--label\" \"meridian.pool=a\"", "\"--label\" \"team=t\"")
                .doesNotContain(TOKEN); // the command line shows in ps; the token only in the root-only file
        assertThat(ec2.authorizations()).allSatisfy(a -> assertThat(a).contains("Credential=" + KEY_ID + "/")
                .contains("/eu-west-1/ec2/"));
    }

    @Test
    void aSpotPoolAsksForASpotInstance() throws Exception {
        provisioner.start(pool("cheap", true), 1);
        assertThat(ec2.requests("RunInstances").getFirst()).containsEntry("InstanceMarketOptions.MarketType", "spot")
                .containsEntry("InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time")
                .containsEntry("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "terminate");
    }

    @Test
    void noSpotCapacityIsAProviderErrorThatLeavesNothingRunning() {
        ec2.refuseRuns("InsufficientInstanceCapacity", 500, 0);
        assertThatThrownBy(() -> provisioner.start(pool("cheap", true), 2)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("pool 'cheap'").hasMessageContaining("spot m7i.large")
                .hasMessageContaining("InsufficientInstanceCapacity").hasMessageContaining("next pool that fits");
        assertThat(provisioner.running("cheap")).isEmpty();
    }

    @Test
    void aQuotaHitHalfwayTerminatesWhatThisCallStarted() {
        ec2.refuseRuns("VcpuLimitExceeded", 400, 1);
        assertThatThrownBy(() -> provisioner.start(pool("a"), 3)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("VcpuLimitExceeded");
        assertThat(ec2.requests("TerminateInstances")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("InstanceId.1", ec2.machines().getFirst().id()));
        // the first machine is shutting down (a stopping worker), then gone
        assertThat(provisioner.running("a")).allSatisfy(w -> assertThat(w.stopping()).isTrue());
        await().atMost(patience()).until(() -> provisioner.running("a").isEmpty());
    }

    @Test
    void aStoppedWorkerIsTerminatedAndDrainsWhileItsInstanceShutsDown() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        provisioner.stop(w.workerId());
        provisioner.stop(w.workerId()); // asked twice, terminated once
        assertThat(ec2.requests("TerminateInstances")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("InstanceId.1", ec2.machines().getFirst().id()));
        assertThat(provisioner.running("a")).singleElement().satisfies(x -> assertThat(x.stopping()).isTrue());
        await().atMost(patience()).until(() -> provisioner.running("a").isEmpty());
    }

    @Test
    void aRestartedServerFindsAndStopsThePoolsInstancesByTag() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        Provisioner again = factory().create(context());
        try {
            assertThat(again.running("a")).extracting(ProvisionedWorker::workerId).containsExactly(w.workerId());
            again.stop(w.workerId());
            assertThat(ec2.requests("TerminateInstances")).hasSize(1);
        } finally {
            again.close();
        }
    }

    @Test
    void aRestartedServerListsADeclaredPoolInItsOwnRegionBeforeStartingAnyThere() throws Exception {
        provisioner.start(pool("far", false, "ap-south-1"), 1);
        Provisioner again = factory().create(context());
        try {
            assertThat(again.running("far")).hasSize(1);
            assertThat(ec2.authorizations().getLast()).contains("/ap-south-1/ec2/");
        } finally {
            again.close();
        }
    }

    @Test
    void anotherDeploymentInTheAccountNeitherSeesNorStopsThisOnesInstances() throws Exception {
        ProvisionedWorker w = provisioner.start(pool("a"), 1).getFirst();
        env.put("MERIDIAN_AWS_CLUSTER", "staging");
        Provisioner other = factory().create(context());
        try {
            assertThat(other.running("a")).isEmpty();
            other.stop(w.workerId());
            assertThat(ec2.requests("TerminateInstances")).isEmpty();
        } finally {
            other.close();
        }
        assertThat(provisioner.running("a")).hasSize(1);
    }

    @Test
    void theTokenCanStayOutOfTheUserData() throws Exception {
        env.put("MERIDIAN_AWS_TOKEN_PARAMETER", "/meridian/worker-token");
        provisioner.close();
        provisioner = factory().create(context());
        provisioner.start(pool("a"), 1);
        String script = new String(Base64.getDecoder().decode(ec2.requests("RunInstances").getFirst()
                .get("UserData")), StandardCharsets.UTF_8);
        assertThat(script).doesNotContain(TOKEN).contains("aws ssm get-parameter --with-decryption --name "
                + "'/meridian/worker-token'");
    }

    @Test
    void missingSettingsAreNamed() {
        env.remove("MERIDIAN_AWS_IMAGE_ID");
        assertThatThrownBy(() -> factory().create(context())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MERIDIAN_AWS_IMAGE_ID");
        env.put("MERIDIAN_AWS_IMAGE_ID", "ami-1");
        env.put("MERIDIAN_AWS_LIST_SECONDS", "soon");
        assertThatThrownBy(() -> factory().create(context())).hasMessageContaining("MERIDIAN_AWS_LIST_SECONDS")
                .hasMessageContaining("'soon'");
    }

    @Test
    void aPoolWithoutAnInstanceTypeIsRefusedByName() {
        PoolSpec bare = new PoolSpec("bare", Provider.AWS, null, null, List.of(), Map.of(), null, 0, 1, 0, false, 60,
                1, null, null);
        assertThatThrownBy(() -> provisioner.start(bare, 1)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("pool 'bare': instance_type is required");
        assertThat(ec2.requests("RunInstances")).isEmpty();
    }
}
