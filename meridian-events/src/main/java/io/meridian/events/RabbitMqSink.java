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
 * confirmed every message, i.e. it was routed and, for durable queues, written to disk.
 */
final class RabbitMqSink implements EventSink {

    private final ConnectionFactory factory = new ConnectionFactory();
    private final String exchange;
    private final String routingKey;
    private final Duration timeout;
    private Connection connection;
    private Channel channel;

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
        for (SinkMessage m : batch) {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                    .contentType(SinkMessage.CONTENT_TYPE).messageId(m.id()).type(m.type())
                    .headers(Map.of("sequence", m.sequence(), "key", m.orderingKey())).build();
            ch.basicPublish(exchange, routingKey, true, props, m.body());
        }
        ch.waitForConfirmsOrDie(timeout.toMillis());
    }

    private Channel channel() throws IOException, java.util.concurrent.TimeoutException {
        if (connection == null || !connection.isOpen()) {
            connection = factory.newConnection("meridian-sink");
            channel = null;
        }
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
            channel.confirmSelect();
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
