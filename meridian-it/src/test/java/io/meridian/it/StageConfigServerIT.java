package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meridian server} checks stage configs against its handlers' schemas, as {@code meridian validate} does. */
class StageConfigServerIT {
    @TempDir
    Path dir;
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPipelineWhoseStageConfigBreaksItsSchemaIsRefusedOverHttp() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coord");
        String withoutSql = "id: p\nstages:\n  - id: save\n    type: database_write\n    config:\n      datasource: main\n";
        var refused = register(server, withoutSql);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        var error = Json.parse(refused.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("validation_failed");
        assertThat(error.path("message").asString())
                .contains("pipeline.yaml:5:5: stage 'save': database_write: config.sql is required (a string)");

        var accepted = register(server, withoutSql.replace("datasource: main", "sql: \"insert into t values (1)\""));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    }

    private static HttpResponse<String> register(ProcessHarness.Server server, String yaml) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/v1/pipelines"))
                .header("Authorization", "Bearer " + server.token()).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
