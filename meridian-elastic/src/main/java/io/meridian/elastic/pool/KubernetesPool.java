package io.meridian.elastic.pool;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What only a {@code kubernetes} pool has: the worker Deployment's image and namespace, where its workers reach the
 * coordinators and the Secret holding their token, and the pods' resources and placement. Checked here, so a value
 * the API server would refuse (a bad quantity, an unknown taint effect) is refused when the pool is read, not when
 * the first worker is wanted.
 *
 * @param image         the container image holding {@code meridian} (its entrypoint runs the CLI)
 * @param namespace     where the Deployment goes; null: the client's own namespace (the server pod's, in a cluster)
 * @param coordinators  the coordinators' addresses as workers in the cluster reach them, comma separated, in
 *                      failover order
 * @param tokenSecret   the Secret whose key {@code token} is a worker-scope token the coordinators accept
 * @param cpu           CPU request per worker (a Kubernetes quantity: "500m", "2"), or null
 * @param memory        memory request per worker ("1Gi"), or null; the limit is the same (memory is not elastic)
 * @param cpuLimit      CPU limit, or null for none (throttled CPU only slows jobs down)
 * @param gpu           GPUs per worker ({@code nvidia.com/gpu} requested and limited), 0 for none
 * @param nodeSelector  node labels the pods must run on
 * @param tolerations   taints the pods tolerate
 * @param drainSeconds  how long a stopping worker may finish its jobs; the pod's grace period is a little longer
 */
public record KubernetesPool(String image, String namespace, String coordinators, String tokenSecret, String cpu,
                             String memory, String cpuLimit, int gpu, Map<String, String> nodeSelector,
                             List<Toleration> tolerations, int drainSeconds) {
    public static final String DEFAULT_IMAGE = "meridian:latest";
    /** The Service of deploy/kubernetes/ on the server's default port. */
    public static final String DEFAULT_COORDINATORS = "http://meridian:7070";
    public static final String DEFAULT_TOKEN_SECRET = "meridian-worker-token";
    public static final int DEFAULT_DRAIN_SECONDS = 30;
    /** An optional DNS-subdomain prefix and '/', then a name of up to 63 characters. */
    static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Every setting at its default (after the patterns: the constructor checks with them). */
    public static final KubernetesPool DEFAULT = new KubernetesPool(null, null, null, null, null, null, null, 0, null,
            null, 0);

    public KubernetesPool {
        image = image == null ? DEFAULT_IMAGE : image;
        coordinators = coordinators == null ? DEFAULT_COORDINATORS : coordinators;
        tokenSecret = tokenSecret == null ? DEFAULT_TOKEN_SECRET : tokenSecret;
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        drainSeconds = drainSeconds == 0 ? DEFAULT_DRAIN_SECONDS : drainSeconds;
        if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("kubernetes.image must be an image reference, got '" + image + "'");
        }
        if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("kubernetes.namespace must be a DNS label (lower-case letters, digits "
                    + "and '-'), got '" + namespace + "'");
        }
        for (String url : coordinators.split(",")) {
            if (!url.strip().startsWith("http://") && !url.strip().startsWith("https://")) {
                throw new IllegalArgumentException("kubernetes.coordinators must be http(s) URLs, comma separated, "
                        + "got '" + url.strip() + "'");
            }
        }
        if (!DNS_LABEL.matcher(tokenSecret).matches()) {
            throw new IllegalArgumentException("kubernetes.token_secret must be a Secret name (a DNS label), got '"
                    + tokenSecret + "'");
        }
        quantity("kubernetes.cpu", cpu);
        quantity("kubernetes.memory", memory);
        quantity("kubernetes.cpu_limit", cpuLimit);
        if (gpu < 0) {
            throw new IllegalArgumentException("kubernetes.gpu must be 0 or more, got " + gpu);
        }
        if (drainSeconds < 1) {
            throw new IllegalArgumentException("kubernetes.drain_seconds must be at least 1, got " + drainSeconds);
        }
        nodeSelector.forEach((k, v) -> {
            if (!LABEL_KEY.matcher(k).matches() || v == null || !LABEL_VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("kubernetes.node_selector: '" + k + "=" + v + "' is not a "
                        + "Kubernetes label (key [prefix/]name, value up to 63 letters, digits, '-', '_', '.')");
            }
        });
    }

    /** Whether {@code name} can name Kubernetes objects and label values as it is (a kubernetes pool's must). */
    static boolean isDnsLabel(String name) {
        return DNS_LABEL.matcher(name).matches();
    }

    private static void quantity(String key, String value) {
        if (value != null && !QUANTITY.matcher(value).matches()) {
            throw new IllegalArgumentException(key + " must be a Kubernetes quantity (e.g. 500m, 2, 512Mi, 4Gi), got '"
                    + value + "'");
        }
    }
}
