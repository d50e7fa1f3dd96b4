package io.meridian.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Tracing is off unless the standard OTEL_* settings ask for an exporter; off means no SDK at all. */
class TracingSwitchTest {

    static boolean on(Map<String, String> env) {
        return TracingSwitch.of(env, new Properties()).on();
    }

    @Test
    void offByDefaultAndWithTheNoneExporter() {
        assertThat(on(Map.of())).isFalse();
        assertThat(on(Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")))
                .as("an explicit none wins over an endpoint").isFalse();
        assertThat(on(Map.of("OTEL_SERVICE_NAME", "x"))).as("naming the service alone exports nothing").isFalse();
    }

    @Test
    void onWithAnExporterOrAnEndpointUnlessTheSdkIsDisabled() {
        assertThat(on(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
        assertThat(on(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).isTrue();
        assertThat(on(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"))).isTrue();
        assertThat(on(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true"))).isFalse();
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironment() {
        Properties props = new Properties();
        props.setProperty("otel.traces.exporter", "none");
        assertThat(TracingSwitch.of(Map.of("OTEL_TRACES_EXPORTER", "otlp"), props).on()).isFalse();
        assertThat(Tracing.OFF.grantContext()).isSameAs(io.meridian.engine.lease.GrantTraceContext.NONE);
        assertThat(Tracing.OFF.handlerTracing()).isSameAs(io.meridian.worker.runtime.HandlerTracing.NONE);
    }
}
