package io.meridian.events;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes each event to NATS JetStream and waits for the stream's acknowledgement. The subject may contain
 * {@code {type}}, replaced by the event's short type. Each message carries {@code Nats-Msg-Id: meridian-SEQ}, so
 * JetStream drops a redelivery within the stream's duplicate window. The stream must exist and cover the subject.
 */
final class NatsSink implements EventSink {

    private final String url;
    private final String subject;
    private final Duration timeout;
    private Connection connection;
    private JetStream jetStream;

    NatsSink(String url, String subject, Duration timeout) {
        this.url = url;
        this.subject = subject;
        this.timeout = timeout;
    }

    @Override
    public void deliver(List<SinkMessage> batch) throws Exception {
        JetStream js = jetStream();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        for (SinkMessage m : batch) {
            Headers headers = new Headers().add("Nats-Msg-Id", m.id()).add("Content-Type", SinkMessage.CONTENT_TYPE)
                    .add("Meridian-Key", m.orderingKey());
            if (m.traceparent() != null) {
                headers.add(SinkMessage.TRACEPARENT, m.traceparent());
            }
            acks.add(js.publishAsync(NatsMessage.builder().subject(subject.replace("{type}", m.type()))
                    .headers(headers).data(m.body()).build()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new PartlyDelivered(i, e);
            }
        }
    }

    private JetStream jetStream() throws Exception {
        if (connection == null || connection.getStatus() == Connection.Status.CLOSED) {
            connection = Nats.connect(new Options.Builder().server(url).connectionTimeout(timeout).build());
            jetStream = connection.jetStream();
        }
        return jetStream;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
