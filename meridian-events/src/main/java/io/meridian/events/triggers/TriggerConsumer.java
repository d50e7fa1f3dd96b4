package io.meridian.events.triggers;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trigger's consuming loop, on its own thread: read, start the execution, then acknowledge. A message is
 * acknowledged only after {@link TriggerTarget#start} returned (the execution is durably created); a message that
 * can never start anything is rejected once, logged and counted, so it neither loops nor holds up the ones behind
 * it. Any other failure (broker gone, store unavailable) closes the connection and opens a new one after a backoff
 * (0.1 s doubling to 30 s); what was not acknowledged is delivered again and deduplicated by its id.
 */
final class TriggerConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TriggerConsumer.class);
    static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final Supplier<MessageSource> open;
    private final TriggerTarget target;
    private final TriggerMeters meters;
    private MessageSource source;

    TriggerConsumer(String name, Supplier<MessageSource> open, TriggerTarget target, TriggerMeters meters) {
        this.name = name;
        this.open = open;
        this.target = target;
        this.meters = meters;
    }

    @Override
    public void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (source == null) {
                    source = open.get();
                    log.info("trigger {} is consuming", name);
                }
                for (InboundMessage m : source.poll(POLL)) {
                    handle(m);
                }
                backoff = FIRST_BACKOFF;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                log.warn("trigger {}: {}; reconnecting in {} ms (unacknowledged messages come again)", name,
                        e.toString(), backoff.toMillis());
                closeSource();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        closeSource();
    }

    private void handle(InboundMessage m) throws Exception {
        meters.received.increment();
        TriggerTarget.Started started;
        try {
            if (m.body() == null) {
                throw new TriggerTarget.UnmappableMessage("the message has no body (a Redis stream entry carries it"
                        + " in its 'body' field)");
            }
            started = target.start(m.id(), m.body());
        } catch (TriggerTarget.UnmappableMessage e) {
            meters.rejected.increment();
            log.warn("trigger {} rejected message {} as a dead letter: {}", name, m.id(), e.getMessage());
            source.reject(m, e.getMessage());
            return;
        }
        (started.duplicate() ? meters.duplicate : meters.started).increment();
        source.ack(m);
    }

    private void closeSource() {
        if (source != null) {
            try {
                source.close();
            } catch (RuntimeException e) {
                log.debug("trigger {}: closing its connection failed: {}", name, e.toString());
            }
            source = null;
        }
    }
}
