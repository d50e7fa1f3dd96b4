package io.meridian.events.triggers;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Consumes a RabbitMQ queue with manual acknowledgements (at most {@value #PREFETCH} unacknowledged at a time). The
 * id is the AMQP {@code message-id} property, else the {@code Meridian-Message-Id} header, else the SHA-256 of the
 * body: the delivery tag is no id, since a redelivery gets a new one. A rejected message is nacked without requeue,
 * so it goes to the queue's dead-letter exchange when the queue has one ({@code x-dead-letter-exchange}). The queue
 * must exist; closing the connection returns every unacknowledged message to it.
 */
final class RabbitMqSource implements MessageSource {
    static final int PREFETCH = 64;

    private final Connection connection;
    private final Channel channel;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    RabbitMqSource(String url, String queue, Duration timeout) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an amqp:// URL: " + e.getMessage(), e);
        }
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false); // the consumer reconnects itself, with its own backoff
        connection = factory.newConnection("meridian-trigger");
        try {
            channel = connection.createChannel();
            channel.queueDeclarePassive(queue); // a clear "no queue" instead of a consumer that never gets anything
            channel.basicQos(PREFETCH);
            channel.basicConsume(queue, false, (tag, d) -> deliveries.add(d), tag -> { });
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public List<InboundMessage> poll(Duration wait) throws Exception {
        if (!channel.isOpen()) {
            throw new IOException("the RabbitMQ channel closed: " + channel.getCloseReason());
        }
        List<InboundMessage> batch = new ArrayList<>();
        Delivery first = deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        List<Delivery> all = new ArrayList<>(List.of(first));
        deliveries.drainTo(all);
        for (Delivery d : all) {
            batch.add(new InboundMessage(id(d), d.getBody(), d.getEnvelope().getDeliveryTag()));
        }
        return batch;
    }

    private static String id(Delivery d) {
        String id = MessageIds.text(d.getProperties().getMessageId());
        Map<String, Object> headers = d.getProperties().getHeaders();
        if (id == null && headers != null) {
            id = MessageIds.text(headers.get(MessageIds.HEADER));
        }
        return id != null ? id : MessageIds.ofBody(d.getBody());
    }

    @Override
    public void ack(InboundMessage m) throws IOException {
        channel.basicAck((Long) m.handle(), false);
    }

    @Override
    public void reject(InboundMessage m, String reason) throws IOException {
        channel.basicReject((Long) m.handle(), false);
    }

    @Override
    public void close() {
        try {
            if (connection.isOpen()) {
                connection.close(5_000);
            }
        } catch (IOException e) {
            // closing anyway: the broker requeues what was unacknowledged when the socket goes
        }
    }
}
