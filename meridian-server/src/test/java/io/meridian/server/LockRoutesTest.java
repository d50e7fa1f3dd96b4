package io.meridian.server;

import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.WORKER;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LockRoutesTest {
    final TestServer api = new TestServer();

    LockRoutesTest() throws Exception {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    HttpResponse<String> acquire(String resource, String owner, long ttlMs, String token) throws Exception {
        return api.call("POST", "/v1/locks", token,
                "{\"resource\":\"" + resource + "\",\"owner\":\"" + owner + "\",\"ttl_ms\":" + ttlMs + "}");
    }

    /** Percent-encoded as in a URL path: URLEncoder writes form encoding, where a space is '+'. */
    static String path(String resource) {
        return "/v1/locks/" + URLEncoder.encode(resource, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void aLockIsAcquiredReadExtendedAndReleasedByItsHolder() throws Exception {
        HttpResponse<String> created = acquire("reports/2026/daily", "etl-1", 30_000, CLIENT);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode lock = json(created);
        assertThat(lock.path("resource").asString()).isEqualTo("reports/2026/daily");
        assertThat(lock.path("owner").asString()).isEqualTo("etl-1");
        assertThat(lock.path("fencing_token").asLong()).isPositive();
        Instant acquired = Instant.parse(lock.path("acquired_at").asString());
        assertThat(Duration.between(acquired, Instant.parse(lock.path("expires_at").asString())))
                .isEqualTo(Duration.ofSeconds(30));
        String lockId = lock.path("lock_id").asString();

        assertThat(json(api.call("GET", path("reports/2026/daily"), WORKER, null))).isEqualTo(lock);
        var extended = api.call("POST", path("reports/2026/daily") + "/extend", CLIENT,
                "{\"lock_id\":\"" + lockId + "\",\"ttl_ms\":600000}");
        assertThat(extended.statusCode()).isEqualTo(200);
        assertThat(json(extended).path("fencing_token")).isEqualTo(lock.path("fencing_token"));
        assertThat(Instant.parse(json(extended).path("expires_at").asString())).isAfter(acquired.plusSeconds(500));

        var released = api.call("DELETE", path("reports/2026/daily") + "?lock_id=" + lockId, CLIENT, null);
        assertThat(released.statusCode()).isEqualTo(204);
        assertThat(api.call("GET", path("reports/2026/daily"), CLIENT, null).statusCode()).isEqualTo(404);
        assertThat(api.call("DELETE", path("reports/2026/daily") + "?lock_id=" + lockId, CLIENT, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aHeldLockAnswers409WithItsHolderAndOnlyTheHolderMayReleaseOrExtendIt() throws Exception {
        JsonNode held = json(acquire("db/orders", "a", 30_000, WORKER));
        HttpResponse<String> refused = acquire("db/orders", "b", 30_000, CLIENT);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(code(refused)).isEqualTo("lock_held");
        assertThat(json(refused).path("error").path("details").path("holder")).isEqualTo(held);

        var wrongRelease = api.call("DELETE", path("db/orders") + "?lock_id=guess", CLIENT, null);
        assertThat(wrongRelease.statusCode()).isEqualTo(409);
        assertThat(code(wrongRelease)).isEqualTo("not_lock_holder");
        var wrongExtend = api.call("POST", path("db/orders") + "/extend", CLIENT, "{\"lock_id\":\"guess\",\"ttl_ms\":1000}");
        assertThat(wrongExtend.statusCode()).isEqualTo(409);
        var freeExtend = api.call("POST", path("db/free") + "/extend", CLIENT, "{\"lock_id\":\"guess\",\"ttl_ms\":1000}");
        assertThat(freeExtend.statusCode()).isEqualTo(404);
        assertThat(json(api.call("GET", path("db/orders"), CLIENT, null))).isEqualTo(held);
    }

    @Test
    void locksAreListedByPrefix() throws Exception {
        acquire("jobs/b", "x", 30_000, CLIENT);
        acquire("jobs/a", "x", 30_000, CLIENT);
        acquire("other", "x", 30_000, CLIENT);
        JsonNode jobs = json(api.call("GET", "/v1/locks?prefix=jobs%2F", CLIENT, null)).path("items");
        assertThat(jobs.valueStream().map(l -> l.path("resource").asString())).containsExactly("jobs/a", "jobs/b");
        JsonNode first = json(api.call("GET", "/v1/locks?limit=1", CLIENT, null)).path("items");
        assertThat(first.valueStream().map(l -> l.path("resource").asString())).containsExactly("jobs/a");
        assertThat(code(api.call("GET", "/v1/locks?limit=0", CLIENT, null))).isEqualTo("bad_request");
    }

    @Test
    void badLockRequestsSayWhatIsWrong() throws Exception {
        var shortTtl = acquire("r", "me", 10, CLIENT);
        assertThat(shortTtl.statusCode()).isEqualTo(400);
        assertThat(message(shortTtl)).startsWith("ttl must be between 100 ms and 3600000 ms");
        var noTtl = api.call("POST", "/v1/locks", CLIENT, "{\"resource\":\"r\",\"owner\":\"me\"}");
        assertThat(message(noTtl)).startsWith("ttl_ms is required");
        var longName = acquire("x".repeat(201), "me", 1000, CLIENT);
        assertThat(message(longName)).isEqualTo("resource must be at most 200 characters, got 201");
        var typo = api.call("POST", "/v1/locks", CLIENT, "{\"resource\":\"r\",\"owner\":\"me\",\"ttl\":1000}");
        assertThat(code(typo)).isEqualTo("unknown_field");
        var noLockId = api.call("DELETE", path("r"), CLIENT, null);
        assertThat(noLockId.statusCode()).isEqualTo(400);
        assertThat(message(noLockId)).contains("lock_id");
        assertThat(acquire("r", "me", 1000, null).statusCode()).isEqualTo(401);
    }

    @Test
    void resourceNamesKeepTheirSlashesPlusesAndSpaces() throws Exception {
        String name = "a/b+c d/é";
        assertThat(acquire(name, "me", 30_000, CLIENT).statusCode()).isEqualTo(201);
        assertThat(json(api.call("GET", path(name), CLIENT, null)).path("resource").asString()).isEqualTo(name);
        // in a path '+' is a plain plus, as RFC 3986 has it (form encoding would read a space)
        assertThat(acquire("x+y", "me", 30_000, CLIENT).statusCode()).isEqualTo(201);
        assertThat(api.call("GET", "/v1/locks/x+y", CLIENT, null).statusCode()).isEqualTo(200);
    }

    /**
     * Threads hammer one lock over HTTP. Each holder notes when it got the lock and when it let go; no two of
     * these intervals may overlap, and tokens must grow in the order the intervals came.
     */
    @Test
    void underContentionOverHttpAtMostOneHolderAtATimeWithGrowingTokens() throws Exception {
        record Held(long from, long to, long token) {}
        List<Held> ledger = Collections.synchronizedList(new ArrayList<>());
        int threads = 8;
        int rounds = 10;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "thread-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; ) {
                        HttpResponse<String> r = acquire("hot", owner, 10_000, CLIENT);
                        if (r.statusCode() == 409) {
                            continue;
                        }
                        long from = System.nanoTime();
                        JsonNode lock = json(r);
                        Thread.sleep(1);
                        long to = System.nanoTime();
                        var released = api.call("DELETE", path("hot") + "?lock_id=" + lock.path("lock_id").asString(),
                                CLIENT, null);
                        assertThat(released.statusCode()).isEqualTo(204);
                        ledger.add(new Held(from, to, lock.path("fencing_token").asLong()));
                        i++;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        List<Held> byStart = ledger.stream().sorted(java.util.Comparator.comparingLong(Held::from)).toList();
        assertThat(byStart).hasSize(threads * rounds);
        for (int i = 1; i < byStart.size(); i++) {
            assertThat(byStart.get(i).from()).as("holder %d started after holder %d let go", i, i - 1)
                    .isGreaterThan(byStart.get(i - 1).to());
            assertThat(byStart.get(i).token()).isGreaterThan(byStart.get(i - 1).token());
        }
    }
}
