package io.meridian.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.engine.EngineSettings;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.model.json.Json;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.memory.InMemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A leader whose store stops taking commits (PostgreSQL restarting, say): callers get 503 (retry), never 500,
 * and the leader resigns at once rather than at its next lease check, so that as soon as the store answers again
 * leadership is retaken with state reloaded from it.
 */
class StoreOutageTest {
    /** A long ttl: renewals come every 10 s, so a prompt re-election can only come from the committer's failure. */
    static final LeadershipSettings SLOW_CHECKS = new LeadershipSettings(Duration.ofSeconds(30),
            Duration.ofMillis(100), Duration.ofSeconds(1));
    final InMemoryStore memory = new InMemoryStore();
    final AtomicBoolean down = new AtomicBoolean();
    final Tokens tokens = new Tokens().addToken("admin-secret", "admin", EnumSet.of(Scope.ADMIN));
    CoordinatorNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** The in-memory store, except that commits fail while {@link #down} is set. */
    Store storeThatCanGoDown() {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && down.get()) {
                        throw new StoreException("lost the connection to the database (test)");
                    }
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    HttpResponse<String> submitJob() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.port() + "/v1/queue/jobs"))
                .header("Authorization", "Bearer admin-secret")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jobs\": [{\"type\": \"noop\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLeaderWhoseCommitsFailAnswers503AndIsReelectedAssoonAsTheStoreIsBack() throws Exception {
        node = CoordinatorNode.start(storeThatCanGoDown(), EngineSettings.DEFAULT, SLOW_CHECKS,
                new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64, null, null), tokens, Set.of("noop"), "a", null);
        await().atMost(Duration.ofSeconds(5)).until(node::isLeader);
        var first = node.coordinator().orElseThrow();
        assertThat(submitJob().statusCode()).isEqualTo(201);

        down.set(true);
        HttpResponse<String> during = submitJob();
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        assertThat(Json.parse(during.body()).path("error").path("code").asString()).isIn("store_unavailable", "not_leader");

        down.set(false);
        // well within the 10 s between lease checks: the failure itself woke the elector
        await().atMost(Duration.ofSeconds(3)).until(() -> node.isLeader() && node.coordinator().orElseThrow() != first);
        assertThat(submitJob().statusCode()).isEqualTo(201);
        assertThat(node.coordinator().orElseThrow().queueStats().waiting()).isEqualTo(2);
    }
}
