package io.meridian.server.events;

import io.meridian.model.event.EventType;
import io.meridian.protocol.api.CloudEvent;
import io.meridian.server.http.ApiError;
import io.meridian.store.event.EventRecord;
import java.util.EnumSet;
import java.util.Set;

/** Events as CloudEvents 1.0 at the API's edge, and the {@code type} filter read from a query. */
public final class CloudEvents {

    private CloudEvents() {}

    public static CloudEvent of(EventRecord e) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, Long.toString(e.sequence()), CloudEvent.SOURCE,
                e.type().cloudEventsType(), e.subject(), e.time(), "application/json", e.sequence(), e.executionId(),
                e.data());
    }

    /**
     * The types named in {@code text}, comma separated, short ({@code job.failed}) or prefixed
     * ({@code io.meridian.job.failed}); empty for none. An unknown name is a 400 listing the known ones.
     */
    public static Set<EventType> types(String text) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        if (text == null || text.isBlank()) {
            return types;
        }
        for (String name : text.split(",")) {
            String trimmed = name.strip();
            types.add(EventType.named(trimmed).orElseThrow(() -> ApiError.badRequest("unknown event type '"
                    + trimmed + "' in query parameter 'type'; known types: " + EventType.names())));
        }
        return types;
    }
}
