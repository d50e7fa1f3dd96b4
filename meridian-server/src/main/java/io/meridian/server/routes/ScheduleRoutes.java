package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.engine.schedules.ScheduleService;
import io.meridian.model.json.Json;
import io.meridian.server.api.ScheduleDocument;
import io.meridian.server.api.ScheduleRequest;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.schedule.ScheduleRecord;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schedules (client scope, as starting executions is): create (201; 400 with what is wrong, a malformed cron with
 * the field's position; 409 when the id is taken), list, get, pause, resume, delete (404 when unknown). Served by
 * the leader, which fires them; followers redirect here like every other write.
 */
public final class ScheduleRoutes {
    private final ScheduleService schedules;

    public ScheduleRoutes(ScheduleService schedules) {
        this.schedules = schedules;
    }

    public void addTo(Routes r) {
        r.post("/v1/schedules", CLIENT, this::create);
        r.get("/v1/schedules", CLIENT, ex -> {
            ObjectNode out = Json.object();
            var items = out.putArray("items");
            schedules.list().forEach(s -> items.add(document(s)));
            ex.json(200, out);
        });
        r.get("/v1/schedules/{id}", CLIENT, ex -> ex.json(200, document(found(ex))));
        r.post("/v1/schedules/{id}/pause", CLIENT, ex -> pause(ex, true));
        r.post("/v1/schedules/{id}/resume", CLIENT, ex -> pause(ex, false));
        r.delete("/v1/schedules/{id}", CLIENT, ex -> {
            if (!schedules.delete(ex.path("id"))) {
                throw notFound(ex.path("id"));
            }
            ex.noContent();
        });
    }

    private void create(Exchange ex) throws Exception {
        ScheduleRequest body = ex.body(ScheduleRequest.class);
        try {
            ex.json(201, document(schedules.create(body.definition())));
        } catch (IllegalStateException e) {
            throw new ApiError(409, "conflict", e.getMessage());
        }
    }

    private void pause(Exchange ex, boolean paused) throws Exception {
        ex.noBody(); // a field here is a mistake (an option meant elsewhere): refused, never ignored
        ex.json(200, document(schedules.setPaused(ex.path("id"), paused).orElseThrow(() -> notFound(ex.path("id")))));
    }

    private ScheduleRecord found(Exchange ex) {
        return schedules.get(ex.path("id")).orElseThrow(() -> notFound(ex.path("id")));
    }

    private ObjectNode document(ScheduleRecord s) {
        return ScheduleDocument.of(s, schedules.nextSlot(s));
    }

    private static ApiError notFound(String id) {
        return ApiError.notFound("schedule " + id);
    }
}
