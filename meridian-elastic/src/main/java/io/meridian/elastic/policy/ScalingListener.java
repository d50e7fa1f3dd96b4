package io.meridian.elastic.policy;

/**
 * Told of every scaling decision as it is made, on the autoscaler's thread: where decisions become events on the
 * event stream, metrics or log lines. A listener must return quickly and must not throw.
 */
@FunctionalInterface
public interface ScalingListener {
    void decided(Decision decision);
}
