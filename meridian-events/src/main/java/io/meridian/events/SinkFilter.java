package io.meridian.events;

import io.meridian.model.event.EventType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which event types a sink delivers: named types, short ({@code job.failed}) or prefixed
 * ({@code io.meridian.job.failed}), or every type of a kind ({@code job.*}). No names: every type.
 */
public record SinkFilter(Set<EventType> types) {

    public static final SinkFilter ALL = new SinkFilter(EnumSet.allOf(EventType.class));

    public SinkFilter {
        types = Set.copyOf(types);
    }

    /** @throws IllegalArgumentException naming the first unknown type and listing the known ones */
    public static SinkFilter parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            return ALL;
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String raw : names) {
            String name = raw == null ? "" : raw.strip();
            String shortName = name.startsWith(EventType.CLOUDEVENTS_PREFIX)
                    ? name.substring(EventType.CLOUDEVENTS_PREFIX.length()) : name;
            if (shortName.endsWith(".*")) {
                String kind = shortName.substring(0, shortName.length() - 1);
                List<EventType> matching = java.util.Arrays.stream(EventType.values()).filter(t -> t.wireName().startsWith(kind)).toList();
                if (matching.isEmpty()) {
                    throw unknown(name);
                }
                types.addAll(matching);
            } else {
                types.add(EventType.named(name).orElseThrow(() -> unknown(name)));
            }
        }
        return new SinkFilter(types);
    }

    public boolean accepts(EventType type) {
        return types.contains(type);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown event type '" + name + "' in filter; known types: "
                + EventType.names() + " (or a kind such as job.*)");
    }
}
