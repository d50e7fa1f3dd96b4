package io.meridian.events.triggers;

import io.meridian.events.RequiresBroker;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NATS JetStream triggers against the server on 127.0.0.1:4222, through a durable consumer the test creates first
 * with a 1 s ack wait (as an operator tunes it), so an unacknowledged message comes back quickly.
 */
@ExtendWith(RequiresBroker.NatsServer.class)
class NatsTriggerTest extends TriggerSourceContract {
    static final String URL = "nats://127.0.0.1:4222";

    private final String name = "meridian_trigger_test_" + UUID.randomUUID().toString().replace("-", "");
    private Connection nats;
    private JetStreamManagement jsm;

    @BeforeEach
    void createStream() throws Exception {
        nats = Nats.connect(URL);
        jsm = nats.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(name + ".>").storageType(StorageType.File)
                .build());
        jsm.addOrUpdateConsumer(name, ConsumerConfiguration.builder().durable("orders").ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofSeconds(1)).filterSubject(name + ".orders").build());
    }

    @AfterEach
    void deleteStream() throws Exception {
        jsm.deleteStream(name);
        nats.close();
    }

    @Override
    SourceSettings source() {
        return new SourceSettings(SourceType.NATS, URL, name + ".orders", null, "orders");
    }

    /** With {@code Meridian-Message-Id}, not {@code Nats-Msg-Id}: JetStream would drop the copies itself. */
    @Override
    void publish(String id, String body) throws Exception {
        Headers headers = new Headers();
        if (id != null) {
            headers.add("Meridian-Message-Id", id);
        }
        nats.jetStream().publish(NatsMessage.builder().subject(name + ".orders").headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8)).build());
    }
}
