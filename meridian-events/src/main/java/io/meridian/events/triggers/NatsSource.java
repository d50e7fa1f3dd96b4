package io.meridian.events.triggers;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls a NATS JetStream subject through a durable consumer (created with JetStream's defaults when it does not
 * exist, so an operator may create it beforehand to tune {@code ack_wait} or {@code max_deliver}). A message is
 * acknowledged synchronously (the server confirmed it); one not acknowledged comes again after the consumer's ack
 * wait. The id is the {@code Nats-Msg-Id} header, else {@code Meridian-Message-Id}, else {@code STREAM:SEQUENCE}. A
 * rejected message is terminated ({@code +TERM}: never redelivered; JetStream publishes a
 * {@code $JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED} advisory for it).
 */
final class NatsSource implements MessageSource {
    private static final int BATCH = 64;

    private final Connection connection;
    private final JetStreamSubscription subscription;
    private final Duration timeout;

    NatsSource(String url, String subject, String stream, String durable, Duration timeout) throws Exception {
        this.timeout = timeout;
        // no reconnect inside the client: the consumer reconnects itself, with its own backoff
        connection = Nats.connect(new Options.Builder().server(url).connectionTimeout(timeout).maxReconnects(0)
                .build());
        try {
            PullSubscribeOptions.Builder options = PullSubscribeOptions.builder().durable(durable);
            if (stream != null) {
                options.stream(stream);
            }
            subscription = connection.jetStream().subscribe(subject, options.build());
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public List<InboundMessage> poll(Duration wait) throws Exception {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new IllegalStateException("the NATS connection is " + connection.getStatus());
        }
        List<InboundMessage> batch = new ArrayList<>();
        for (Message m : subscription.fetch(BATCH, wait)) {
            if (!m.isJetStream()) {
                continue; // a status message of the pull request, not a stream message
            }
            String id = m.getHeaders() == null ? null : MessageIds.text(m.getHeaders().getFirst("Nats-Msg-Id"));
            if (id == null && m.getHeaders() != null) {
                id = MessageIds.text(m.getHeaders().getFirst(MessageIds.HEADER));
            }
            if (id == null) {
                id = m.metaData().getStream() + ":" + m.metaData().streamSequence();
            }
            batch.add(new InboundMessage(id, m.getData() == null ? new byte[0] : m.getData(), m));
        }
        return batch;
    }

    @Override
    public void ack(InboundMessage m) throws Exception {
        ((Message) m.handle()).ackSync(timeout);
    }

    @Override
    public void reject(InboundMessage m, String reason) {
        ((Message) m.handle()).term();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
