package io.meridian.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GETs to a running Boot application's Actuator endpoints over its real web server. */
final class ActuatorCalls {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    ActuatorCalls(ConfigurableApplicationContext app) {
        this.base = "http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port");
    }

    /** The status code and JSON body of GET {@code path}. */
    Answer get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("GET " + base + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }

    /** The first measurement of a meter from {@code /actuator/metrics/<name>}, with {@code tag=key:value} filters. */
    double meter(String name, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        Answer a = get(path.toString());
        if (a.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + a.status() + ": " + a.body());
        }
        return a.body().path("measurements").get(0).path("value").asDouble();
    }

    record Answer(int status, JsonNode body) {}
}
