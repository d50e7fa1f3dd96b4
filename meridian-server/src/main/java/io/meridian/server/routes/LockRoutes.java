package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT_OR_WORKER;

import io.meridian.engine.locks.LockService;
import io.meridian.model.json.Json;
import io.meridian.server.api.LockRequests;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.lock.LockInfo;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Leased locks for clients and task handlers: acquire (201, or 409 lock_held with the holder), list by prefix,
 * get, extend and release by lock id (404 when nobody holds the lock, 409 not_lock_holder when another does).
 * Resource names may contain '/': they travel percent-encoded in paths.
 */
public final class LockRoutes {
    private final LockService locks;

    public LockRoutes(LockService locks) {
        this.locks = locks;
    }

    public void addTo(Routes r) {
        r.post("/v1/locks", CLIENT_OR_WORKER, this::acquire);
        r.get("/v1/locks", CLIENT_OR_WORKER, this::list);
        r.get("/v1/locks/{resource}", CLIENT_OR_WORKER, ex -> ex.json(200, Json.toTree(locks.get(ex.path("resource"))
                .orElseThrow(() -> notHeld(ex.path("resource"))))));
        r.post("/v1/locks/{resource}/extend", CLIENT_OR_WORKER, this::extend);
        r.delete("/v1/locks/{resource}", CLIENT_OR_WORKER, this::release);
    }

    private void acquire(Exchange ex) throws Exception {
        LockRequests.Acquire body = ex.body(LockRequests.Acquire.class);
        Optional<LockInfo> lock = locks.acquire(body.resource(), body.owner(), body.ttl());
        if (lock.isEmpty()) {
            throw heldByAnother(body.resource(), "lock_held", "lock '" + body.resource() + "' is held");
        }
        ex.json(201, Json.toTree(lock.get()));
    }

    private void list(Exchange ex) throws Exception {
        ObjectNode out = Json.object();
        var items = out.putArray("items");
        locks.list(ex.query("prefix"), ex.queryInt("limit", 100)).forEach(l -> items.add(Json.toTree(l)));
        ex.json(200, out);
    }

    private void extend(Exchange ex) throws Exception {
        String resource = ex.path("resource");
        LockRequests.Extend body = ex.body(LockRequests.Extend.class);
        Optional<LockInfo> lock = locks.extend(resource, body.lockId(), body.ttl());
        if (lock.isEmpty()) {
            throw notTheHolder(resource);
        }
        ex.json(200, Json.toTree(lock.get()));
    }

    private void release(Exchange ex) throws Exception {
        String resource = ex.path("resource");
        String lockId = ex.query("lock_id");
        if (lockId == null) {
            throw ApiError.badRequest("query parameter 'lock_id' is required: the lock_id the acquire returned");
        }
        if (!locks.release(resource, lockId)) {
            throw notTheHolder(resource);
        }
        ex.noContent();
    }

    /** 404 if the lock is free (it lapsed or never existed), 409 with the holder if someone else has it. */
    private ApiError notTheHolder(String resource) {
        return locks.get(resource).isEmpty() ? notHeld(resource)
                : heldByAnother(resource, "not_lock_holder", "lock '" + resource + "' is held under another lock_id");
    }

    private ApiError heldByAnother(String resource, String code, String message) {
        ObjectNode details = Json.object();
        // the holder can have released it a moment ago: then there is nobody to name
        locks.get(resource).ifPresent(holder -> details.set("holder", Json.toTree(holder)));
        return new ApiError(409, code, message, details);
    }

    private static ApiError notHeld(String resource) {
        return new ApiError(404, "not_found", "lock '" + resource + "' is not held");
    }
}
