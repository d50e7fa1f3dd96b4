package io.meridian.cli.embedded;

import io.meridian.cli.Main;
import io.meridian.elastic.policy.Autoscaler;
import io.meridian.elastic.policy.Decision;
import io.meridian.elastic.policy.DecisionLog;
import io.meridian.elastic.policy.ScalingSettings;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.LocalProvisioner;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import io.meridian.server.cluster.CoordinatorNode;
import io.meridian.server.pools.CoordinatorDrain;
import io.meridian.server.pools.PoolsRunner;
import io.meridian.server.pools.ScalingEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The pools of {@code meridian server}: the local provisioner, which runs pool workers as {@code meridian worker}
 * processes of this same java and class path, the provisioners of the other providers the pools use (found by
 * {@link PoolProvisioners}: kubernetes, aws, gcp), and the autoscaler that sizes them while this node leads. Closing
 * stops the autoscaler, then the provisioners: local and cloud workers are drained and stopped, kubernetes ones stay
 * for the next leader.
 */
public final class ServerPools implements AutoCloseable {
    /** Pool workers on one machine share it: a bounded heap and the serial collector keep six of them affordable. */
    static final List<String> WORKER_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-Xshare:auto");
    /** Longer than a worker's default drain (30 s), so a draining worker is killed only when it is stuck. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(40);

    private final Map<Provider, Provisioner> provisioners;
    private final PoolsRunner runner;

    private ServerPools(Map<Provider, Provisioner> provisioners, PoolsRunner runner) {
        this.provisioners = provisioners;
        this.runner = runner;
    }

    /**
     * @param coordinatorUrl where the workers reach this coordinator
     * @param workerToken    a token with the worker scope, handed to each worker in its environment
     * @param config         the configuration file the server read (null: none), read by the workers too
     * @param handlers       the server's --handlers jars and directories, given to the workers too
     */
    public static ServerPools start(List<PoolSpec> pools, CoordinatorNode node, String coordinatorUrl,
                                    String workerToken, Path config, Path dataDir, List<Path> handlers) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(WORKER_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker"));
        if (config != null) {
            command.addAll(List.of("--config", config.toAbsolutePath().toString()));
        }
        List<String> jars = handlers == null ? List.of() : handlers.stream().filter(h -> !h.toString().isBlank())
                .map(h -> h.toAbsolutePath().toString()).toList();
        if (!jars.isEmpty()) {
            command.addAll(List.of("--handlers", String.join(",", jars)));
        }
        LocalProvisioner local = new LocalProvisioner(command, Map.of("MERIDIAN_COORDINATOR", coordinatorUrl,
                "MERIDIAN_TOKEN", workerToken), dataDir.resolve("pools"), DRAIN_GRACE, InstantSource.system());
        String remoteUrl = System.getenv(PoolProvisioners.COORDINATOR_SETTING);
        Map<Provider, Provisioner> provisioners = new EnumMap<>(Provider.class);
        provisioners.put(Provider.LOCAL, local);
        try {
            provisioners.putAll(PoolProvisioners.create(pools, new ProvisionerFactory.Context(
                    remoteUrl == null || remoteUrl.isBlank() ? coordinatorUrl : remoteUrl.strip(), workerToken,
                    DRAIN_GRACE, InstantSource.system(), System::getenv, pools)));
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        DecisionLog decisions = new DecisionLog(ScalingSettings.DEFAULT.logSize());
        ScalingEvents events = new ScalingEvents(node::coordinator);
        Autoscaler scaler = new Autoscaler(pools, provisioners, ScalingSettings.DEFAULT,
                InstantSource.system(), d -> {
                    decisions.decided(d);
                    events.decided(d);
                    if (d.action() != Decision.Action.HOLD) {
                        System.err.printf("Pool %s: %s %d -> %d: %s%n", d.pool(), d.action().word(), d.current(),
                                d.desired(), d.reason());
                    }
                }, new CoordinatorDrain(node::coordinator));
        PoolsRunner runner = PoolsRunner.start(scaler, decisions, node::coordinator,
                ScalingSettings.DEFAULT.interval());
        node.pools(runner);
        return new ServerPools(provisioners, runner);
    }

    @Override
    public void close() {
        runner.close();
        provisioners.values().forEach(Provisioner::close);
    }
}
