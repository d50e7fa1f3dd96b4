package io.meridian.events;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Publishes each event to a RabbitMQ exchange as a persistent message (message id {@code meridian-SEQ}, content
 * type {@code application/cloudevents+json}), on a channel in confirm mode: a batch is delivered when the broker
 * confirmed every message, i.e. it was routed and, for durable queues, written to disk. Messages are mandatory: one
 * that no queue takes is returned (before its confirmation) and fails the batch, instead of being confirmed and
 * dropped.
 */
final class RabbitMqSink implements EventSink {

    private final ConnectionFactory factory = new ConnectionFactory();
    private final String exchange;
    private final String routingKey;
    private final Duration timeout;
    private Connection connection;
    private Channel channel;
    /** Message ids the broker returned as unroutable during the current delivery (set by the connection thread). */
    private final java.util.Set<String> returned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RabbitMqSink(String url, String exchange, String routingKey, Duration timeout) {
        try {
            factory.setUri(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an amqp:// URL: " + e.getMessage(), e);
        }
        factory.setConnectionTimeout((int) timeout.toMillis());
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.timeout = timeout;
    }

    @Override
    public void deliver(java.util.List<SinkMessage> batch) throws Exception {
        Channel ch = channel();
        returned.clear();
        for (SinkMessage m : batch) {
            Map<String, Object> headers = new java.util.HashMap<>(Map.of("sequence", m.sequence(), "key",
                    m.orderingKey()));
            if (m.traceparent() != null) {
                headers.put(SinkMessage.TRACEPARENT, m.traceparent());
            }
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                    .contentType(SinkMessage.CONTENT_TYPE).messageId(m.id()).type(m.type()).headers(headers).build();
            ch.basicPublish(exchange, routingKey, true, props, m.body());
        }
        ch.waitForConfirmsOrDie(timeout.toMillis());
        // returns arrive before the confirmations of the same messages, so every return of this batch is in
        for (int i = 0; i < batch.size(); i++) {
            if (returned.contains(batch.get(i).id())) {
                throw new PartlyDelivered(i, new IllegalStateException("RabbitMQ routed event "
                        + batch.get(i).sequence() + " to no queue (exchange '" + exchange + "', routing key '"
                        + routingKey + "')"));
            }
        }
    }

    private Channel channel() throws IOException, java.util.concurrent.TimeoutException {
        if (connection == null || !connection.isOpen()) {
            connection = factory.newConnection("meridian-sink");
            channel = null;
        }
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
            channel.confirmSelect();
            channel.addReturnListener(r -> returned.add(String.valueOf(r.getProperties().getMessageId())));
        }
        return channel;
    }

    @Override
    public void close() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close((int) timeout.toMillis());
            }
        } catch (IOException e) {
            // closing anyway: the broker forgets the connection when its socket goes
        }
    }
}
