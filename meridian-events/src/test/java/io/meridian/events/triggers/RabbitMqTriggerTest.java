package io.meridian.events.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.meridian.events.RequiresBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RabbitMQ triggers against the broker on 127.0.0.1:5672; rejected messages go to the queue's dead-letter queue. */
@ExtendWith(RequiresBroker.RabbitMq.class)
class RabbitMqTriggerTest extends TriggerSourceContract {
    static final String URL = "amqp://guest:guest@127.0.0.1:5672";

    private final String queue = "meridian-trigger-test-" + UUID.randomUUID();
    private Connection connection;
    private Channel channel;

    @BeforeEach
    void declareQueues() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URL);
        connection = f.newConnection();
        channel = connection.createChannel();
        channel.queueDeclare(queue + ".dead", true, false, false, null);
        channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", queue + ".dead"));
    }

    @AfterEach
    void deleteQueues() throws Exception {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dead");
        connection.close();
    }

    @Override
    SourceSettings source() {
        return new SourceSettings(SourceType.RABBITMQ, URL, queue, null, null);
    }

    @Override
    void publish(String id, String body) throws Exception {
        channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).messageId(id).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void assertDeadLettered(String id) throws Exception {
        await().atMost(WAIT).until(() -> channel.messageCount(queue + ".dead") == 1);
        assertThat(channel.basicGet(queue + ".dead", true).getProps().getMessageId()).isEqualTo(id);
    }

    @Test
    void withoutAMessageIdTheBodysHashIsTheIdSoARedeliveryIsStillDeduplicated() throws Exception {
        RecordingTarget target = new RecordingTarget().failAfterCreating(1);
        publish(null, "{\"order\": 7}");
        try (TriggerConsumers c = consume(target)) {
            await().atMost(WAIT).until(() -> count("duplicate") == 1);
        }
        assertThat(target.executions).hasSize(1).allSatisfy((id, x) -> assertThat(id).startsWith("sha256:"));
    }

    @Test
    void aBrokerThatIsDownDelaysOnlyItsTriggerAndStopping() {
        long start = System.nanoTime();
        SourceSettings down = new SourceSettings(SourceType.RABBITMQ, "amqp://guest:guest@127.0.0.1:1", queue, null,
                null);
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        try (TriggerConsumers c = TriggerConsumers.start(List.of(new TriggerConsumers.Subscription("down", down,
                new RecordingTarget())), r)) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stopping does not wait for the broker")
                .isLessThan(Duration.ofSeconds(11));
    }
}
