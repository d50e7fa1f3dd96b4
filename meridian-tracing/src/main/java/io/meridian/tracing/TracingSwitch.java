package io.meridian.tracing;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Whether tracing is wanted, decided from the standard OpenTelemetry settings before any SDK object exists:
 * {@code OTEL_TRACES_EXPORTER} naming an exporter other than {@code none}, or an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}); {@code OTEL_SDK_DISABLED=true}
 * wins. Each also reads as a system property ({@code otel.traces.exporter}...), as the SDK does.
 */
record TracingSwitch(boolean on) {

    static TracingSwitch fromProcess() {
        return of(System.getenv(), System.getProperties());
    }

    static TracingSwitch of(Map<String, String> env, Properties props) {
        if ("true".equalsIgnoreCase(setting(env, props, "otel.sdk.disabled"))) {
            return new TracingSwitch(false);
        }
        String exporter = setting(env, props, "otel.traces.exporter");
        if (exporter != null) {
            return new TracingSwitch(!exporter.isBlank() && !exporter.trim().equalsIgnoreCase("none"));
        }
        return new TracingSwitch(setting(env, props, "otel.exporter.otlp.endpoint") != null
                || setting(env, props, "otel.exporter.otlp.traces.endpoint") != null);
    }

    /** The system property wins over the environment variable, as in the SDK's own configuration. */
    private static String setting(Map<String, String> env, Properties props, String property) {
        String value = props.getProperty(property);
        if (value == null) {
            value = env.get(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
