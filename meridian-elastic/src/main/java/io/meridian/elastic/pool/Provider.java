package io.meridian.elastic.pool;

import io.meridian.protocol.lease.NodeType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a pool's workers are started. {@link #LOCAL}, {@link #KUBERNETES}, {@link #AWS} and {@link #GCP} have provisioners so far
 * (docs/elastic.md).
 */
public enum Provider {
    LOCAL(NodeType.LOCAL), KUBERNETES(NodeType.CONTAINER), AWS(NodeType.VM), GCP(NodeType.VM), AZURE(NodeType.VM);

    private final NodeType defaultNodeType;

    Provider(NodeType defaultNodeType) {
        this.defaultNodeType = defaultNodeType;
    }

    /** The node type of this provider's workers unless the pool says otherwise. */
    public NodeType defaultNodeType() {
        return defaultNodeType;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Provider parse(String where, String word) {
        for (Provider p : values()) {
            if (p.word().equals(word)) {
                return p;
            }
        }
        throw new IllegalArgumentException(where + ": unknown provider '" + word + "'; expected one of "
                + Arrays.stream(values()).map(Provider::word).collect(Collectors.joining(", ")));
    }
}
