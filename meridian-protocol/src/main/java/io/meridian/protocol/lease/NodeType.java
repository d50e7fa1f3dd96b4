package io.meridian.protocol.lease;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What kind of machine a worker runs on; a worker reports it when it registers, and a pool's workers share one. */
public enum NodeType {
    /** A process on the coordinator's own machine (or a developer's). */
    LOCAL,
    /** A virtual machine of a cloud or a hypervisor. */
    VM,
    /** A container, in Kubernetes or elsewhere. */
    CONTAINER,
    /** A machine at the edge, whose connection may come and go. */
    EDGE;

    /** The lower-case word used in config, flags and the API. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The node type a word names, or an error listing the known ones. */
    public static NodeType parse(String where, String word) {
        for (NodeType t : values()) {
            if (t.word().equals(word)) {
                return t;
            }
        }
        throw new IllegalArgumentException(where + ": unknown node type '" + word + "'; expected one of " + words());
    }

    public static String words() {
        return Arrays.stream(values()).map(NodeType::word).collect(Collectors.joining(", "));
    }
}
