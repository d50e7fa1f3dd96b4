package io.meridian.events.triggers;

import java.time.Duration;
import java.util.List;

/**
 * A connection to one broker's queue, topic, stream or subject, used from one thread. Any exception means the
 * connection is suspect: the consumer closes it and opens a new one after a backoff, and whatever was not
 * acknowledged is delivered again.
 */
interface MessageSource extends AutoCloseable {

    /** The next messages, in order, waiting up to {@code wait} for the first; empty when none came. */
    List<InboundMessage> poll(Duration wait) throws Exception;

    /** Acknowledges the message: the broker will not deliver it again. */
    void ack(InboundMessage m) throws Exception;

    /** Removes a message that can never be handled, recording it where the broker keeps dead letters. */
    void reject(InboundMessage m, String reason) throws Exception;

    @Override
    void close();
}
