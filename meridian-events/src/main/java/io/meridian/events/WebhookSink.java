package io.meridian.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * POSTs each event, in order, to an HTTP endpoint as {@code application/cloudevents+json}, signed with
 * {@link WebhookSignature}; {@code Meridian-Event-Id} carries the sequence so a receiver can drop redeliveries.
 * Any 2xx answer delivers the event; anything else (or no answer within the timeout) fails the batch.
 */
final class WebhookSink implements EventSink {

    private final HttpClient http;
    private final URI target;
    private final String secret;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    WebhookSink(URI target, String secret, Duration timeout) {
        String scheme = target.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("a webhook url must be http:// or https://, got " + target);
        }
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.target = target;
        this.secret = secret;
        this.timeout = timeout;
    }

    @Override
    public void deliver(List<SinkMessage> batch) throws Exception {
        for (int i = 0; i < batch.size(); i++) {
            try {
                post(batch.get(i));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new PartlyDelivered(i, e);
            }
        }
    }

    private void post(SinkMessage m) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", SinkMessage.CONTENT_TYPE)
                .header("Meridian-Event-Id", Long.toString(m.sequence()))
                .header("Meridian-Event-Type", m.type())
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, clock.instant(), m.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(m.body()));
        if (m.traceparent() != null) {
            request.header(SinkMessage.TRACEPARENT, m.traceparent());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String body = response.body();
            throw new IllegalStateException("webhook " + target + " answered " + response.statusCode()
                    + " to event " + m.sequence() + (body.isBlank() ? "" : ": "
                    + body.substring(0, Math.min(200, body.length()))));
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
