package io.meridian.elastic.pool;

import io.meridian.protocol.lease.NodeType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pool of workers Meridian starts and stops itself, as declared under {@code pools:} or with {@code --pool}.
 * Every rule is checked here, so a bad pool is refused with the same words from the file and from the flag.
 *
 * @param capabilities      what the pool's workers offer (beyond cpu and network, which every worker has)
 * @param labels            set on every worker of the pool, with {@link #POOL_LABEL} naming the pool
 * @param costPerHour       one worker for one hour; the autoscaler prefers the cheapest pool that fits
 * @param spot              the provider may take workers back; such pools are tried first, others are the fallback
 * @param startupSeconds    a started worker that has not registered within this is terminated and counted
 * @param workerSlots       jobs one worker runs at once (its {@code --concurrency})
 * @param scaleDownCooldown how long demand must stay low before workers are drained
 * @param budgetPerHour     the most this pool may cost per hour (workers × cost_per_hour), or null for no cap
 * @param kubernetes        a kubernetes pool's Deployment settings (defaults when not given); null for other providers
 */
public record PoolSpec(String name, Provider provider, NodeType nodeType, String instanceType,
                       List<String> capabilities, Map<String, String> labels, String region, int min, int max,
                       double costPerHour, boolean spot, int startupSeconds, int workerSlots,
                       Duration scaleDownCooldown, Double budgetPerHour, KubernetesPool kubernetes) {

    /** The worker label that names the pool a provisioned worker belongs to. */
    public static final String POOL_LABEL = "meridian.pool";
    public static final int DEFAULT_MAX = 4;
    public static final int DEFAULT_STARTUP_SECONDS = 60;
    public static final int DEFAULT_WORKER_SLOTS = 16;
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(60);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> BASE_CAPABILITIES = Set.of("cpu", "network");

    public PoolSpec {
        String at = "pool '" + name + "'";
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("pool name must be 1-63 lower-case letters, digits, '_' or '-', "
                    + "starting with a letter or digit, got " + (name == null ? "none" : "'" + name + "'"));
        }
        if (provider == null) {
            throw new IllegalArgumentException(at + ": provider is required (local, kubernetes, aws, gcp, azure)");
        }
        nodeType = nodeType == null ? provider.defaultNodeType() : nodeType;
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        scaleDownCooldown = scaleDownCooldown == null ? DEFAULT_COOLDOWN : scaleDownCooldown;
        for (String c : capabilities) {
            if (c == null || c.isBlank() || c.contains(",")) {
                throw new IllegalArgumentException(at + ": capabilities must be non-empty words, got '" + c + "'");
            }
        }
        if (min < 0) {
            throw new IllegalArgumentException(at + ": min must be 0 or more, got " + min);
        }
        if (max < 1 || max < min) {
            throw new IllegalArgumentException(at + ": max must be at least 1 and at least min (" + min + "), got "
                    + max);
        }
        if (!(costPerHour >= 0) || Double.isInfinite(costPerHour)) {
            throw new IllegalArgumentException(at + ": cost_per_hour must be 0 or more, got " + costPerHour);
        }
        if (startupSeconds < 1) {
            throw new IllegalArgumentException(at + ": startup_seconds must be at least 1, got " + startupSeconds);
        }
        if (workerSlots < 1) {
            throw new IllegalArgumentException(at + ": worker_slots must be at least 1, got " + workerSlots);
        }
        if (scaleDownCooldown.isNegative()) {
            throw new IllegalArgumentException(at + ": scale_down_cooldown must be 0 or more, got "
                    + scaleDownCooldown);
        }
        if (budgetPerHour != null && !(budgetPerHour > 0)) {
            throw new IllegalArgumentException(at + ": budget_per_hour must be greater than 0, got "
                    + budgetPerHour);
        }
        if (provider == Provider.KUBERNETES) {
            kubernetes = kubernetes == null ? KubernetesPool.DEFAULT : kubernetes;
            if (!KubernetesPool.isDnsLabel(name)) { // it names the Deployment and is a label value
                throw new IllegalArgumentException(at + ": a kubernetes pool's name must be lower-case letters, "
                        + "digits and '-', starting and ending with a letter or digit (no '_')");
            }
        } else if (kubernetes != null) {
            throw new IllegalArgumentException(at + ": kubernetes settings are for provider kubernetes only, not "
                    + provider.word());
        }
    }

    /** A pool of any provider but kubernetes, which has no settings of its own. */
    public PoolSpec(String name, Provider provider, NodeType nodeType, String instanceType, List<String> capabilities,
                    Map<String, String> labels, String region, int min, int max, double costPerHour, boolean spot,
                    int startupSeconds, int workerSlots, Duration scaleDownCooldown, Double budgetPerHour) {
        this(name, provider, nodeType, instanceType, capabilities, labels, region, min, max, costPerHour, spot,
                startupSeconds, workerSlots, scaleDownCooldown, budgetPerHour, null);
    }

    /**
     * Whether this pool's workers offer every capability in {@code needed} and run on {@code nodeType} (null: any
     * node type will do).
     */
    public boolean offers(Set<String> needed, NodeType nodeType) {
        return (nodeType == null || nodeType == this.nodeType) && offers(needed);
    }

    /** Whether this pool's workers offer every capability in {@code needed}. */
    public boolean offers(Set<String> needed) {
        for (String c : needed) {
            if (!BASE_CAPABILITIES.contains(c) && !capabilities.contains(c)) {
                return false;
            }
        }
        return true;
    }

    /** The most workers the budget allows (max when there is no budget or the pool costs nothing). */
    public int affordable() {
        if (budgetPerHour == null || costPerHour == 0) {
            return max;
        }
        return (int) Math.min(max, Math.floor(budgetPerHour / costPerHour + 1e-9));
    }
}
