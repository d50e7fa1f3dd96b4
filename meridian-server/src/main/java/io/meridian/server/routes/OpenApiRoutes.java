package io.meridian.server.routes;

import io.meridian.server.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Serves the hand-written OpenAPI document of this API (a test checks it lists every route). */
public final class OpenApiRoutes {
    private final String document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream("/openapi.json")) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json is missing from the server jar", e);
        }
    }

    public void addTo(Routes r) {
        r.get("/v1/openapi.json", null, ex -> ex.text(200, "application/json", document));
    }
}
