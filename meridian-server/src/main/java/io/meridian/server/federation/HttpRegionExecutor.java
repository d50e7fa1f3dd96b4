package io.meridian.server.federation;

import io.meridian.client.ApiException;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.client.UnavailableException;
import io.meridian.engine.federation.RegionConfig;
import io.meridian.engine.federation.RegionFailure;
import io.meridian.engine.federation.RegionTask;
import io.meridian.engine.federation.RegionalPipeline;
import io.meridian.engine.federation.RemoteExecutor;
import io.meridian.model.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a region's part over HTTP: {@code POST /v1/federation/stages} on the region's coordinator with the region's
 * key and the attempt's idempotency key, then polls {@code GET /v1/federation/stages/{id}} until it finished
 * (every few milliseconds at first, backing off to 100 ms). An interrupt cancels the remote run. Errors say what
 * happened and where, never with the key.
 */
public final class HttpRegionExecutor implements RemoteExecutor {
    private final Duration unreachableAfter;
    private final Map<String, MeridianClient> clients = new ConcurrentHashMap<>();

    /** @param unreachableAfter how long connection failures are retried before the region counts as unreachable */
    public HttpRegionExecutor(Duration unreachableAfter) {
        this.unreachableAfter = unreachableAfter;
    }

    @Override
    public JsonNode run(RegionConfig region, RegionTask task) throws RegionFailure, InterruptedException {
        MeridianClient client = client(region);
        ObjectNode body = Json.object();
        body.set("pipeline", RegionalPipeline.pipeline(task));
        body.set("inputs", RegionalPipeline.inputs(task));
        body.put("request_id", task.requestId());
        // W3C Trace Context: the region's side of the run can be joined to the execution's trace
        Map<String, String> headers = task.traceparent() == null ? Map.of() : Map.of("traceparent", task.traceparent());
        String id = call(region, () -> client.post("/v1/federation/stages", body, headers)).path("execution_id")
                .asString();
        long pause = 2;
        try {
            while (true) {
                JsonNode doc = call(region, () -> client.get("/v1/federation/stages/" + id));
                String status = doc.path("status").asString();
                if ("succeeded".equals(status)) {
                    return doc.path("stages").path(task.stageId()).path("output");
                }
                if ("failed".equals(status) || "cancelled".equals(status)) {
                    throw new RegionFailure("run " + id + " " + status + ": " + doc.path("error").asString(""), true);
                }
                Thread.sleep(pause);
                pause = Math.min(100, pause * 2);
            }
        } catch (InterruptedException e) {
            cancelQuietly(client, id);
            throw e;
        }
    }

    @Override
    public RegionProbe probe(RegionConfig region) {
        long t0 = System.nanoTime();
        try {
            JsonNode load = client(region).get("/v1/federation/load");
            return new RegionProbe(true, (System.nanoTime() - t0) / 1_000_000, load.path("active_runs").asInt(), null);
        } catch (ApiException e) {
            return new RegionProbe(e.status() < 500 && e.status() != 401 && e.status() != 403,
                    (System.nanoTime() - t0) / 1_000_000, 0, "HTTP " + e.status() + " " + e.code());
        } catch (RegionFailure e) {
            return new RegionProbe(false, 0, 0, e.getMessage());
        } catch (RuntimeException e) {
            return new RegionProbe(false, (System.nanoTime() - t0) / 1_000_000, 0, "unreachable");
        }
    }

    private interface Call {
        JsonNode send();
    }

    private static JsonNode call(RegionConfig region, Call call) throws RegionFailure, InterruptedException {
        try {
            return call.send();
        } catch (ApiException e) {
            boolean refused = e.status() == 401 || e.status() == 403;
            throw new RegionFailure((refused ? "refused our key: " : "answered HTTP " + e.status() + ": ")
                    + e.getMessage(), !refused && e.status() >= 500);
        } catch (UnavailableException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("cancelled while calling region " + region.name());
            }
            throw new RegionFailure("unreachable at " + region.endpoint(), true);
        }
    }

    private static void cancelQuietly(MeridianClient client, String id) {
        Thread.ofVirtual().start(() -> {
            try {
                client.post("/v1/federation/stages/" + id + "/cancel", Json.object());
            } catch (RuntimeException ignored) {
                // best effort: the region finishes a run nobody waits for
            }
        });
    }

    /**
     * Why a region's key must not be sent to this endpoint, or empty: a key goes over plain HTTP only to loopback
     * (a key in clear text on a network is a key given away).
     */
    public static java.util.Optional<String> insecureKey(String endpoint, String apiKey) {
        if (apiKey == null || RegionConfig.LOCAL.equals(endpoint)) {
            return java.util.Optional.empty();
        }
        for (java.net.URI address : CoordinatorAddresses.parse(endpoint).all()) {
            String host = address.getHost();
            boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                    || host.equals("::1");
            if ("http".equalsIgnoreCase(address.getScheme()) && !loopback) {
                return java.util.Optional.of("refusing to send the region key over plain HTTP to " + address
                        + "; use https");
            }
        }
        return java.util.Optional.empty();
    }

    private MeridianClient client(RegionConfig region) throws RegionFailure {
        var insecure = insecureKey(region.endpoint(), region.apiKey());
        if (insecure.isPresent()) {
            throw new RegionFailure(insecure.get(), false);
        }
        return clients.computeIfAbsent(region.name(), n -> new MeridianClient(
                CoordinatorAddresses.parse(region.endpoint()), region.apiKey(), unreachableAfter));
    }
}
