package io.meridian.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.auth.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class HotRoutesTest {
    private final Route exchange = new Route("POST", "/v1/workers/{id}/exchange", Scope.WORKER, ex -> { });
    private final Route heartbeat = new Route("POST", "/v1/workers/{id}/heartbeat", Scope.WORKER, ex -> { });
    private final Route register = new Route("POST", "/v1/workers", Scope.WORKER, ex -> { });

    @Test
    void takesTheWorkersExchangeAndHeartbeatWithThePathsWorkerId() {
        HotRoutes hot = new HotRoutes(null);
        hot.serve(List.of(register, exchange, heartbeat));
        assertThat(hot.match("POST", "/v1/workers/bench-1:a@b_c.d/exchange"))
                .isEqualTo(new HotRoutes.Match(exchange, "bench-1:a@b_c.d"));
        assertThat(hot.match("POST", "/v1/workers/w1/heartbeat")).isEqualTo(new HotRoutes.Match(heartbeat, "w1"));
    }

    @Test
    void leavesEverythingElseToJavalin() {
        HotRoutes hot = new HotRoutes(null);
        hot.serve(List.of(register, exchange, heartbeat));
        assertThat(hot.match("GET", "/v1/workers/w1/exchange")).isNull();
        assertThat(hot.match("POST", "/v1/workers")).isNull();
        assertThat(hot.match("POST", "/v1/workers/")).isNull();
        assertThat(hot.match("POST", "/v1/workers//exchange")).isNull();
        assertThat(hot.match("POST", "/v1/workers/w1/exchange/")).isNull();
        assertThat(hot.match("POST", "/v1/workers/w1/exchange/more")).isNull();
        assertThat(hot.match("POST", "/v1/workers/w1/complete")).isNull();
        assertThat(hot.match("POST", "/v2/workers/w1/exchange")).isNull();
        // ids Javalin would decode, or path steps: its own matching and validation answer them
        assertThat(hot.match("POST", "/v1/workers/w%2B1/exchange")).isNull();
        assertThat(hot.match("POST", "/v1/workers/w+1/exchange")).isNull();
        assertThat(hot.match("POST", "/v1/workers/./exchange")).isNull();
        assertThat(hot.match("POST", "/v1/workers/../exchange")).isNull();
        assertThat(hot.match("POST", "/v1/workers/w;x=1/exchange")).isNull();
        assertThat(hot.match("POST", null)).isNull();
    }

    @Test
    void servesOnlyTheHotRoutesOfTheCurrentTable() {
        HotRoutes hot = new HotRoutes(null);
        assertThat(hot.match("POST", "/v1/workers/w1/exchange")).as("no table yet").isNull();
        hot.serve(List.of(exchange));
        assertThat(hot.match("POST", "/v1/workers/w1/exchange")).isNotNull();
        assertThat(hot.match("POST", "/v1/workers/w1/heartbeat")).as("not in the table").isNull();
        hot.serve(List.of(register));
        assertThat(hot.match("POST", "/v1/workers/w1/exchange")).as("a follower's table: Javalin redirects").isNull();
    }
}
