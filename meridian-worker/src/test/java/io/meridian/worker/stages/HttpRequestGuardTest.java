package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.testing.LocalHttpServer;
import io.meridian.worker.testing.TestingTaskContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The address guard and redirects, end to end through http_request and a real local server. */
class HttpRequestGuardTest {
    final LocalHttpServer server = new LocalHttpServer().reply("/ok", 200, "text/plain", "ok");
    final HttpRequestStage http = new HttpRequestStage();

    @AfterEach
    void stop() {
        server.close();
    }

    TestingTaskContext ctx(String url, String... allow) {
        var c = TestingTaskContext.withConfig("{\"url\": \"" + url + "\"}");
        return allow.length == 0 ? c : c.resource(HttpPolicy.RESOURCE, new HttpPolicy(List.of(allow)));
    }

    TaskFailure failure(TestingTaskContext c) {
        return catchThrowableOfType(TaskFailure.class, () -> http.execute(c));
    }

    @Test
    void loopbackIsRefusedByDefaultAndNothingIsSent() {
        var f = failure(ctx(server.url("/ok")));
        assertThat(f.getMessage()).contains("loopback").contains("127.0.0.1").contains("http.allow");
        assertThat(f.nonRetryable()).isTrue();
        assertThat(server.requests).isEmpty();
    }

    @Test
    void anAllowListedIpOrCidrIsCalled() throws Exception {
        assertThat(http.execute(ctx(server.url("/ok"), "127.0.0.1")).path("body").asString()).isEqualTo("ok");
        assertThat(http.execute(ctx(server.url("/ok"), "127.0.0.0/8")).path("status").asInt()).isEqualTo(200);
        assertThat(http.execute(ctx(server.url("/ok"), "127.0.0.1:" + server.port())).path("status").asInt()).isEqualTo(200);
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void aCidrThatDoesNotCoverTheAddressDoesNotAllowIt() {
        assertThat(failure(ctx(server.url("/ok"), "10.0.0.0/8", "128.0.0.0/1")).getMessage()).contains("loopback");
    }

    @Test
    void theMappedIpv6FormOfLoopbackIsRefused() {
        var f = failure(ctx("http://[::ffff:127.0.0.1]:" + server.port() + "/ok"));
        assertThat(f.getMessage()).contains("loopback");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void otherSchemesAreRefused() {
        var f = failure(ctx("file:///etc/passwd", "127.0.0.1"));
        assertThat(f.getMessage()).contains("only http and https").contains("file:");
        assertThat(f.nonRetryable()).isTrue();
    }

    @Test
    void aRedirectToAPrivateAddressIsRefused() {
        server.redirect("/to-private", 302, "http://10.0.0.1/admin");
        var f = failure(ctx(server.url("/to-private"), "127.0.0.1"));
        assertThat(f.getMessage()).contains("10.0.0.1").contains("private");
        assertThat(f.type()).isEqualTo("address_refused");
    }

    @Test
    void aRedirectToLoopbackByAnotherNameOrPortThanAllowedIsRefused() {
        server.redirect("/to-v6", 302, "http://[::1]:" + server.port() + "/ok");
        assertThat(failure(ctx(server.url("/to-v6"), "127.0.0.1")).getMessage()).contains("loopback").contains("::1");
        server.redirect("/to-port", 307, "http://127.0.0.1:1/ok");
        assertThat(failure(ctx(server.url("/to-port"), "127.0.0.1:" + server.port())).getMessage()).contains("loopback");
        assertThat(server.requests).extracting(LocalHttpServer.Seen::path).containsExactly("/to-v6", "/to-port");
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() {
        server.redirect("/to-file", 301, "file:///etc/passwd");
        assertThat(failure(ctx(server.url("/to-file"), "127.0.0.1")).getMessage()).contains("only http and https");
    }

    @Test
    void upToFiveRedirectsAreFollowed() throws Exception {
        for (int i = 1; i <= 6; i++) {
            server.redirect("/hop" + i, 302, "/hop" + (i - 1));
        }
        server.reply("/hop0", 200, "text/plain", "arrived");
        assertThat(http.execute(ctx(server.url("/hop5"), "127.0.0.1")).path("body").asString()).isEqualTo("arrived");
        assertThat(server.requests).hasSize(6);

        server.requests.clear();
        var f = failure(ctx(server.url("/hop6"), "127.0.0.1"));
        assertThat(f.getMessage()).isEqualTo("http_request: more than 5 redirects");
        assertThat(f.type()).isEqualTo("too_many_redirects");
        assertThat(server.requests).hasSize(6);
    }

    @Test
    void a303TurnsAPostIntoAGet() throws Exception {
        server.redirect("/submit", 303, "/ok");
        var c = TestingTaskContext.withConfig("{\"url\": \"" + server.url("/submit") + "\", \"method\": \"POST\", \"body\": \"x\"}")
                .resource(HttpPolicy.RESOURCE, new HttpPolicy(List.of("127.0.0.1")));
        http.execute(c);
        assertThat(server.requests).extracting(LocalHttpServer.Seen::method).containsExactly("POST", "GET");
    }
}
