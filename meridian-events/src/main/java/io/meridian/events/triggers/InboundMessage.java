package io.meridian.events.triggers;

/**
 * One message read from a broker and not yet acknowledged.
 *
 * @param id     the idempotency key (see each source for where it comes from)
 * @param body   the payload, expected to be JSON
 * @param handle what the source needs to acknowledge or reject it (a delivery tag, an offset, an entry id, a message)
 */
record InboundMessage(String id, byte[] body, Object handle) {}
