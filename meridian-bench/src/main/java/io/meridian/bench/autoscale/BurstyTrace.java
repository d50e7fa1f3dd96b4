package io.meridian.bench.autoscale;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A day of job arrivals: a daily curve (quiet at night, busiest in the afternoon) with short spikes several times
 * the usual rate, drawn from a seeded random source so every fleet is measured against the same jobs.
 *
 * @param arrivals    each job's arrival, in seconds from the start of the day, in order
 * @param durations   each job's run time in seconds (exponential around the mean)
 */
record BurstyTrace(double[] arrivals, double[] durations, int seconds) {

    /** Spikes: start hour and minutes long, at {@code spikeFactor} times the curve's rate. */
    private static final double[][] SPIKES = {{3.5, 6}, {9.0, 10}, {11.25, 4}, {14.0, 8}, {17.5, 12}, {21.0, 5}};

    static BurstyTrace generate(long seed, int seconds, double meanRate, double spikeFactor, double meanDuration) {
        Random random = new Random(seed);
        List<Double> at = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            int n = poisson(random, rate(s, seconds, meanRate, spikeFactor));
            for (int i = 0; i < n; i++) {
                at.add(s + random.nextDouble());
            }
        }
        at.sort(Double::compare);
        double[] arrivals = at.stream().mapToDouble(Double::doubleValue).toArray();
        double[] durations = new double[arrivals.length];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = Math.max(0.1, -meanDuration * Math.log(1 - random.nextDouble()));
        }
        return new BurstyTrace(arrivals, durations, seconds);
    }

    /** Jobs per second at second {@code s}: a sine over the day (0.2x at 3 am to 1.8x at 3 pm) times spikes. */
    static double rate(int s, int seconds, double meanRate, double spikeFactor) {
        double dayFraction = (double) s / seconds;
        double curve = 1 - 0.8 * Math.cos(2 * Math.PI * (dayFraction - 0.125));
        double hour = dayFraction * 24;
        for (double[] spike : SPIKES) {
            if (hour >= spike[0] && hour < spike[0] + spike[1] / 60) {
                return meanRate * spikeFactor;
            }
        }
        return meanRate * curve;
    }

    private static int poisson(Random random, double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l && k < 10_000);
        return k - 1;
    }
}
