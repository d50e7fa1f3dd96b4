package io.meridian.it;

/**
 * How big a stress scenario runs: {@code full} from scripts/stress, {@code short} in the default test run
 * (the same scenario, small enough for CI on a busy two-core machine).
 */
final class StressScale {
    private StressScale() {
    }

    static boolean full() {
        return "full".equals(System.getProperty("meridian.stress.scale", "short"));
    }

    /** {@code shortValue} in the default run, {@code fullValue} from scripts/stress. */
    static int pick(int shortValue, int fullValue) {
        return full() ? fullValue : shortValue;
    }
}
