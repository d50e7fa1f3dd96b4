package io.meridian.client;

import io.meridian.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * JSON over HTTP to a coordinator, with bearer-token auth. Connection failures, 503 and 429 are retried with
 * jittered backoff (honouring Retry-After) across the known coordinator addresses, up to a time budget; other
 * errors surface at once as {@link ApiException}.
 */
final class HttpTransport {
    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);
    // HTTP/1.1 with keep-alive: the coordinator speaks no cleartext HTTP/2, so skip the upgrade attempt.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final CoordinatorAddresses addresses;
    private final String token;
    private final Duration retryBudget;
    /** Followers point to the leader; two hops in a row mean leadership is moving: back off instead. */
    private static final int MAX_REDIRECTS = 2;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    HttpTransport(CoordinatorAddresses addresses, String token, Duration retryBudget) {
        this.addresses = addresses;
        this.token = token;
        this.retryBudget = retryBudget;
    }

    /** Sends a request; {@code body} null means no body. Returns the parsed JSON (null for an empty body). */
    JsonNode send(String method, String path, Object body, Duration timeout) {
        byte[] answer = sendForBytes(method, path, body, timeout);
        return isBlank(answer) ? null : Json.parse(answer);
    }

    /** Like {@link #send} but reads the answer straight into {@code type}. */
    <T> T send(String method, String path, Object body, Duration timeout, Class<T> type) {
        byte[] answer = sendForBytes(method, path, body, timeout);
        return isBlank(answer) ? null : Json.read(answer, type);
    }

    private static boolean isBlank(byte[] answer) {
        for (byte b : answer) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Bodies go both ways as UTF-8 bytes: no String copies of large exchanges. */
    private byte[] sendForBytes(String method, String path, Object body, Duration timeout) {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        int redirects = 0;
        for (int attempt = 0; ; attempt++) {
            URI base = addresses.current();
            Duration retryAfter = null;
            Exception failure;
            try {
                HttpResponse<byte[]> r = http.send(request(base, method, path, body, timeout),
                        HttpResponse.BodyHandlers.ofByteArray());
                Optional<String> leader = r.headers().firstValue("X-Meridian-Leader");
                if (r.statusCode() == 307 && leader.isPresent() && redirects++ < MAX_REDIRECTS) {
                    // A follower: the same request goes to the leader at once (not a failure, no backoff).
                    addresses.leaderIs(URI.create(leader.get()));
                    attempt--;
                    continue;
                }
                if (r.statusCode() != 503 && r.statusCode() != 429 && r.statusCode() != 307) {
                    return handle(r);
                }
                retryAfter = retryAfter(r).orElse(null);
                ApiException refused = error(r);
                failure = refused;
                if ("not_leader".equals(refused.code())) {
                    addresses.failedOver(); // an election is under way: the leader may be another address
                }
            } catch (IOException e) {
                failure = e;
                addresses.failedOver();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while calling " + base, e);
            }
            Duration wait = backoff.delay(attempt, retryAfter);
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw new UnavailableException("no coordinator answered " + method + " " + path + " (tried "
                        + addresses.all() + "): " + failure.getMessage(), failure);
            }
            log.debug("{} {} failed ({}); retrying in {} ms", method, path, failure.getMessage(), wait.toMillis());
            sleep(wait);
            redirects = 0;
        }
    }

    private HttpRequest request(URI base, String method, String path, Object body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.writeBytes(body);
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    private static byte[] handle(HttpResponse<byte[]> r) {
        if (r.statusCode() / 100 != 2) {
            throw error(r);
        }
        return r.body();
    }

    private static ApiException error(HttpResponse<byte[]> r) {
        String text = new String(r.body(), StandardCharsets.UTF_8);
        try {
            JsonNode e = Json.parse(text).path("error");
            return new ApiException(r.statusCode(), e.path("code").asString("http_" + r.statusCode()),
                    e.path("message").asString(text));
        } catch (RuntimeException notJson) {
            return new ApiException(r.statusCode(), "http_" + r.statusCode(), text);
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
