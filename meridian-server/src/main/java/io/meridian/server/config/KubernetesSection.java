package io.meridian.server.config;

import io.meridian.elastic.pool.KubernetesPool;
import io.meridian.elastic.pool.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kubernetes:} of a {@code pools:} entry whose provider is kubernetes (or the same keys in a {@code --pool
 * kubernetes:...} flag): the worker Deployment's image, namespace, coordinators, token Secret, resources and
 * placement. Absent keys take the defaults docs/configuration.md lists; {@link KubernetesPool} checks the values.
 */
public record KubernetesSection(String image, String namespace, String coordinators, String tokenSecret, String cpu,
                                String memory, String cpuLimit, Integer gpu, Map<String, String> nodeSelector,
                                List<TolerationSection> tolerations, Integer drainSeconds) {

    /** One toleration, as in a pod spec. */
    public record TolerationSection(String key, String operator, String value, String effect) {}

    KubernetesPool toSettings(String where) {
        List<Toleration> tol = new ArrayList<>();
        if (tolerations != null) {
            for (int i = 0; i < tolerations.size(); i++) {
                TolerationSection t = tolerations.get(i);
                try {
                    tol.add(new Toleration(t.key(), t.operator(), t.value(), t.effect()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": kubernetes.tolerations[" + i + "]: "
                            + e.getMessage(), e);
                }
            }
        }
        try {
            return new KubernetesPool(image, namespace, coordinators, tokenSecret, cpu, memory, cpuLimit,
                    gpu == null ? 0 : gpu, nodeSelector, tol, drainSeconds == null ? 0 : drainSeconds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
