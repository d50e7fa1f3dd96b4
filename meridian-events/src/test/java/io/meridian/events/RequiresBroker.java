package io.meridian.events;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a broker's test class when nothing listens on its port, saying where it looked; with the broker's require
 * variable set to 1 (as in CI: {@code MERIDIAN_REQUIRE_REDIS}, {@code _RABBITMQ}, {@code _NATS}) the class fails
 * instead, so a missing broker can never turn its suite green by skipping it.
 */
public abstract class RequiresBroker implements BeforeAllCallback {

    private final String broker;
    private final int port;
    private final String requireVariable;

    RequiresBroker(String broker, int port, String requireVariable) {
        this.broker = broker;
        this.port = port;
        this.requireVariable = requireVariable;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        } catch (IOException e) {
            String message = broker + " not reachable at 127.0.0.1:" + port + ": " + e.getMessage();
            if ("1".equals(System.getenv(requireVariable))) {
                throw new IllegalStateException(message + " (" + requireVariable + "=1: failing instead of skipping)");
            }
            Assumptions.abort(message + ": its tests are skipped");
        }
    }

    public static final class Redis extends RequiresBroker {
        public Redis() {
            super("Redis", 6379, "MERIDIAN_REQUIRE_REDIS");
        }
    }

    public static final class RabbitMq extends RequiresBroker {
        public RabbitMq() {
            super("RabbitMQ", 5672, "MERIDIAN_REQUIRE_RABBITMQ");
        }
    }

    public static final class NatsServer extends RequiresBroker {
        public NatsServer() {
            super("NATS", 4222, "MERIDIAN_REQUIRE_NATS");
        }
    }
}
