package io.meridian.client;

import io.meridian.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
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
    /** Connections a process keeps per coordinator: a worker's loops, a client's threads. */
    private static final int CONNECTIONS_PER_COORDINATOR = 64;
    // Redirects, retries and cookies are this class's business (leader hops, backoff), not the library's. System
    // properties give TLS its trust store, as with any JVM client. Authorization goes on every request.
    private final CloseableHttpClient http;
    private final CoordinatorAddresses addresses;
    private final Duration retryBudget;
    /** Followers point to the leader; two hops in a row mean leadership is moving: back off instead. */
    private static final int MAX_REDIRECTS = 2;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    HttpTransport(CoordinatorAddresses addresses, String token, Duration retryBudget) {
        this.addresses = addresses;
        this.retryBudget = retryBudget;
        List<Header> headers = token == null ? List.of()
                : List.of(new BasicHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .useSystemProperties()
                        .setTlsSocketStrategy(new LazyTlsStrategy())
                        .setMaxConnPerRoute(CONNECTIONS_PER_COORDINATOR)
                        .setMaxConnTotal(CONNECTIONS_PER_COORDINATOR * 4)
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setTimeToLive(TimeValue.ofMinutes(5)).build())
                        .build())
                .setDefaultHeaders(headers)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                // The default cookie rules load the public-suffix list (a tenth of a second at start-up) even with
                // cookie management off; with it off nothing looks them up, so none are registered.
                .setDefaultCookieSpecRegistry(RegistryBuilder.<CookieSpecFactory>create().build())
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .useSystemProperties()
                .build();
    }

    /** Sends a request; {@code body} null means no body. Returns the parsed JSON (null for an empty body). */
    JsonNode send(String method, String path, Object body, Duration timeout) {
        byte[] answer = sendForBytes(method, path, body, timeout, Map.of());
        return isBlank(answer) ? null : Json.parse(answer);
    }

    /** Like {@link #send} but reads the answer straight into {@code type}. */
    <T> T send(String method, String path, Object body, Duration timeout, Class<T> type) {
        return send(method, path, body, timeout, Map.of(), type);
    }

    /** Like {@link #send(String, String, Object, Duration, Class)}, with extra request headers. */
    <T> T send(String method, String path, Object body, Duration timeout, Map<String, String> headers,
               Class<T> type) {
        byte[] answer = sendForBytes(method, path, body, timeout, headers);
        return isBlank(answer) ? null : READERS.get(type).readValue(answer);
    }

    // A reader or writer made for one type has found its (de)serializer once; the mapper looks it up on every call.
    private static final ClassValue<tools.jackson.databind.ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected tools.jackson.databind.ObjectReader computeValue(Class<?> type) {
            return Json.MAPPER.readerFor(type);
        }
    };
    private static final ClassValue<tools.jackson.databind.ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected tools.jackson.databind.ObjectWriter computeValue(Class<?> type) {
            return Json.MAPPER.writerFor(type);
        }
    };

    /**
     * Like {@link #send(String, String, Object, Duration, Class)}, but skips fields {@code type} does not have: an
     * API answer may gain fields (a newer coordinator's) without breaking an older client.
     */
    <T> T sendTolerant(String method, String path, Object body, Duration timeout, Class<T> type) {
        return sendTolerant(method, path, body, timeout, type, retryBudget);
    }

    /** As above, giving up once {@code budget} is spent (zero: after the first failed attempt). */
    <T> T sendTolerant(String method, String path, Object body, Duration timeout, Class<T> type, Duration budget) {
        byte[] answer = sendForBytes(method, path, body, timeout, Map.of(), budget);
        return isBlank(answer) ? null : TOLERANT.forType(type).readValue(answer);
    }

    private static final tools.jackson.databind.ObjectReader TOLERANT = Json.MAPPER.reader()
            .without(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static boolean isBlank(byte[] answer) {
        for (byte b : answer) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Bodies go both ways as UTF-8 bytes: no String copies of large exchanges. */
    private byte[] sendForBytes(String method, String path, Object body, Duration timeout,
                                Map<String, String> headers) {
        return sendForBytes(method, path, body, timeout, headers, retryBudget);
    }

    private byte[] sendForBytes(String method, String path, Object body, Duration timeout,
                                Map<String, String> headers, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        byte[] bytes = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : WRITERS.get(body.getClass()).writeValueAsBytes(body);
        int redirects = 0;
        for (int attempt = 0; ; attempt++) {
            URI base = addresses.current();
            Duration retryAfter = null;
            Exception failure;
            if (Thread.currentThread().isInterrupted()) {
                throw new UnavailableException("interrupted while calling " + base, new InterruptedException());
            }
            try {
                Answer r = http.execute(request(base, method, path, bytes, timeout, headers), Answer::read);
                if (r.status() == 307 && r.leader() != null && redirects++ < MAX_REDIRECTS) {
                    // A follower: the same request goes to the leader at once (not a failure, no backoff).
                    addresses.leaderIs(URI.create(r.leader()));
                    attempt--;
                    continue;
                }
                if (r.status() != 503 && r.status() != 429 && r.status() != 307) {
                    return handle(r);
                }
                retryAfter = r.retryAfter();
                ApiException refused = r.error();
                failure = refused;
                if ("not_leader".equals(refused.code())) {
                    addresses.failedOver(); // an election is under way: the leader may be another address
                }
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new UnavailableException("interrupted while calling " + base, e);
                }
                failure = e;
                addresses.failedOver();
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

    private static HttpUriRequestBase request(URI base, String method, String path, byte[] body, Duration timeout,
                                              Map<String, String> headers) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, base.resolve(path));
        headers.forEach(request::setHeader);
        request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        }
        return request;
    }

    private byte[] handle(Answer r) {
        if (r.status() / 100 != 2) {
            throw r.error();
        }
        return r.body();
    }

    /** What a response said, read whole while its connection is still leased from the pool. */
    private record Answer(int status, String leader, Duration retryAfter, byte[] body) {
        static Answer read(ClassicHttpResponse r) throws IOException {
            Header leader = r.getFirstHeader("X-Meridian-Leader");
            Header retryAfter = r.getFirstHeader("Retry-After");
            byte[] body = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity());
            return new Answer(r.getCode(), leader == null ? null : leader.getValue(),
                    retryAfter == null ? null : seconds(retryAfter.getValue()), body);
        }

        private static Duration seconds(String value) {
            try {
                return Duration.ofSeconds(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        ApiException error() {
            String text = new String(body, StandardCharsets.UTF_8);
            try {
                JsonNode e = Json.parse(text).path("error");
                return new ApiException(status, e.path("code").asString("http_" + status),
                        e.path("message").asString(text), ValidationProblems.of(e));
            } catch (RuntimeException notJson) {
                return new ApiException(status, "http_" + status, text);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
