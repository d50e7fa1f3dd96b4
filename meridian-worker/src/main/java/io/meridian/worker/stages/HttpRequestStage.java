package io.meridian.worker.stages;

import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code http_request}: one HTTP call with the JDK client. Config: {@code method} (GET), {@code url},
 * {@code headers}, {@code query}, {@code body} (text, or JSON sent as application/json), {@code timeout_seconds}
 * (30), {@code expect_status} (a code or list; default any 2xx), {@code max_response_bytes} (10 MiB).
 * Output: {@code {status, headers, body}} with the body parsed when it is JSON. {@code {{secrets.NAME}}} is
 * resolved only into the outgoing request; outputs and errors never contain it: errors describe the call from its
 * template, and anything else that could echo a value is masked in every case and encoding. Redirects are followed by
 * hand (at most 5), each hop checked by {@link AddressGuard}.
 */
public final class HttpRequestStage implements TaskHandler {
    private static final int MAX_REDIRECTS = 5;

    @Override
    public String type() {
        return "http_request";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder()
                .required("url", ConfigSchema.Kind.STRING)
                .optional("method", ConfigSchema.Kind.STRING)
                .optional("query", ConfigSchema.Kind.OBJECT)
                .optional("headers", ConfigSchema.Kind.OBJECT)
                .optional("body", ConfigSchema.Kind.ANY)
                .optional("max_response_bytes", ConfigSchema.Kind.INTEGER)
                .optional("timeout_seconds", ConfigSchema.Kind.NUMBER)
                .optional("expect_status", ConfigSchema.Kind.ANY)
                .closed()
                .build();
    }

    @Override
    public JsonNode execute(TaskContext context) throws Exception {
        Secrets secrets = new Secrets(context);
        try {
            return call(HttpCall.from(context.config(), secrets), context);
        } catch (TaskFailure f) {
            throw new TaskFailure(f.type(), secrets.mask(f.getMessage()), f.nonRetryable());
        } catch (RuntimeException e) {
            // Whatever else fails names the exception, masked: the runtime would otherwise store e.toString().
            throw new TaskFailure("handler_error", "http_request failed: " + e.getClass().getSimpleName() + ": "
                    + secrets.mask(String.valueOf(e.getMessage())), false);
        }
    }

    private JsonNode call(HttpCall call, TaskContext context) throws Exception {
        AddressGuard guard = new AddressGuard(context.resource(HttpPolicy.RESOURCE, HttpPolicy.class));
        URI uri = call.uri();
        String method = call.method();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            // The first hop is shown as configured (a secret may be its host or scheme); redirects as received.
            guard.check(uri, hop == 0 ? call.shownTarget() : null);
            HttpResponse<InputStream> response = send(traced(call.request(uri, method), context), call);
            int status = response.statusCode();
            if (status / 100 == 3 && response.headers().firstValue("location").isPresent()) {
                response.body().close();
                uri = uri.resolve(response.headers().firstValue("location").get());
                method = status == 303 ? "GET" : method;
                continue;
            }
            return call.toOutput(response, readCapped(response.body(), call.maxResponseBytes()));
        }
        throw new TaskFailure("too_many_redirects", "http_request: more than " + MAX_REDIRECTS + " redirects", true);
    }

    /** Sends the attempt's trace context on (W3C Trace Context), unless the config sets its own traceparent. */
    static HttpRequest traced(HttpRequest request, TaskContext context) {
        var traceparent = context.traceparent();
        if (traceparent.isEmpty() || request.headers().firstValue("traceparent").isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).header("traceparent", traceparent.get()).build();
    }

    private HttpResponse<InputStream> send(HttpRequest request, HttpCall call) throws TaskFailure, InterruptedException {
        try {
            return Client.INSTANCE.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TaskFailure("network_error", "http_request " + call.describe() + " failed: "
                    + e.getClass().getSimpleName() + ": " + call.mask(String.valueOf(e.getMessage())), false);
        }
    }

    private static byte[] readCapped(InputStream in, long max) throws IOException, TaskFailure {
        try (in) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (data.length > max) {
                throw new TaskFailure("response_too_large", "http_request: response larger than "
                        + max + " bytes (max_response_bytes)", true);
            }
            return data;
        }
    }

    static ObjectNode headersOf(HttpResponse<?> response) {
        ObjectNode h = Json.object();
        response.headers().map().forEach((k, v) -> h.put(k, String.join(", ", v)));
        return h;
    }

    /**
     * Built on the first request, not when the handler is loaded: every server and worker loads all handlers at
     * start, and a JDK HTTP client initialises TLS (a few hundred ms of start-up) even if no stage ever calls out.
     */
    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
