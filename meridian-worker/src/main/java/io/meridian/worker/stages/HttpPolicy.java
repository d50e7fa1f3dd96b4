package io.meridian.worker.stages;

import java.util.List;

/**
 * Which otherwise-refused destinations {@code http_request} may call. Entries are host names
 * ({@code localhost}), {@code host:port}, IP addresses or CIDR blocks ({@code 10.0.0.0/8}).
 * Handlers find it as the resource named {@value #RESOURCE}; without it, private addresses are refused.
 */
public record HttpPolicy(List<String> allow) {
    public static final String RESOURCE = "http_policy";
    public static final HttpPolicy DENY_PRIVATE = new HttpPolicy(List.of());

    public HttpPolicy {
        allow = allow == null ? List.of() : List.copyOf(allow);
    }
}
