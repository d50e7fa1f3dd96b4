package io.meridian.elastic.aws;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.provision.StartupScript;
import io.meridian.elastic.provision.WorkerArguments;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The EC2 requests of the aws provisioner: what a pool worker's machine is, and how its pool's are found. */
final class Ec2Requests {
    /** The tag that holds a machine's worker id; {@link PoolSpec#POOL_LABEL} holds its pool. */
    static final String WORKER_ID_TAG = "meridian.worker-id";
    /** The tag that names the deployment ({@link Ec2Settings#cluster}) a machine belongs to. */
    static final String CLUSTER_TAG = "meridian.cluster";
    /** States of a machine that runs, or still drains, a worker. */
    static final List<String> LIVE_STATES = List.of("pending", "running", "shutting-down", "stopping");

    private Ec2Requests() {}

    /** One machine for one worker: its id is in its tags and user data, and a retried call starts no second one. */
    static RunInstancesRequest run(PoolSpec pool, String workerId, Ec2Settings settings, String coordinatorUrl,
                                   String token, Duration drainGrace) {
        String script = new StartupScript(settings.executable(), WorkerArguments.of(workerId, pool, drainGrace),
                coordinatorUrl, settings.tokenParameter() == null ? token : null, settings.tokenCommand(),
                drainGrace).render();
        RunInstancesRequest.Builder b = RunInstancesRequest.builder().imageId(settings.imageId())
                .instanceType(pool.instanceType()).minCount(1).maxCount(1)
                .clientToken(UUID.randomUUID().toString())
                .userData(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)))
                .tagSpecifications(tags(ResourceType.INSTANCE, pool, workerId, settings.cluster()),
                        tags(ResourceType.VOLUME, pool, workerId, settings.cluster()))
                // A worker that powers itself off is gone: terminate rather than keep a stopped machine's disk.
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                // IMDSv2 from the machine itself only: a container on it cannot read the user data and its token.
                .metadataOptions(InstanceMetadataOptionsRequest.builder().httpTokens(HttpTokensState.REQUIRED)
                        .httpPutResponseHopLimit(1).build());
        if (settings.subnetId() != null) {
            b.subnetId(settings.subnetId());
        }
        if (!settings.securityGroupIds().isEmpty()) {
            b.securityGroupIds(settings.securityGroupIds());
        }
        if (settings.instanceProfile() != null) {
            b.iamInstanceProfile(IamInstanceProfileSpecification.builder().name(settings.instanceProfile()).build());
        }
        if (pool.spot()) {
            b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
                    .spotOptions(SpotMarketOptions.builder().spotInstanceType(SpotInstanceType.ONE_TIME)
                            .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE).build())
                    .build());
        }
        return b.build();
    }

    /** The live machines of one pool of this deployment. */
    static List<Filter> poolFilter(String cluster, String pool) {
        return List.of(Filter.builder().name("tag:" + CLUSTER_TAG).values(cluster).build(),
                Filter.builder().name("tag:" + PoolSpec.POOL_LABEL).values(pool).build(),
                Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
    }

    /** The live machine of one worker of this deployment. */
    static List<Filter> workerFilter(String cluster, String workerId) {
        return List.of(Filter.builder().name("tag:" + CLUSTER_TAG).values(cluster).build(),
                Filter.builder().name("tag:" + WORKER_ID_TAG).values(workerId).build(),
                Filter.builder().name("instance-state-name").values(LIVE_STATES).build());
    }

    private static TagSpecification tags(ResourceType type, PoolSpec pool, String workerId, String cluster) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.builder().key(CLUSTER_TAG).value(cluster).build());
        tags.add(Tag.builder().key("Name").value(workerId).build());
        tags.add(Tag.builder().key(PoolSpec.POOL_LABEL).value(pool.name()).build());
        tags.add(Tag.builder().key(WORKER_ID_TAG).value(workerId).build());
        pool.labels().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }
}
