package io.lambdasuite.jobs.generate;

/**
 * SplitMix64: a tiny, fast generator whose output is fixed by its algorithm, so a seed gives the same stream on
 * every JDK (the JDK's own generators do not promise that for every method).
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E37_79B9_7F4A_7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound); bound > 0. */
    int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in [0, bound); bound > 0. */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return Math.floorMod(nextLong(), bound);
    }

    /** Uniform in [min, max]. */
    long between(long min, long max) {
        return min + nextLong(max - min + 1);
    }

    boolean chance(double p) {
        return p > 0 && nextDouble() < p;
    }

    /** An index in [0, n) skewed toward 0: a few heavy users, a long tail, as in real communities. */
    int skewed(int n) {
        double u = nextDouble();
        return Math.min(n - 1, (int) (n * u * u * u));
    }

    <T> T pick(T[] values) {
        return values[nextInt(values.length)];
    }

    /** A new generator seeded from this one, so sub-streams stay independent of each other's draw counts. */
    Rng fork() {
        return new Rng(nextLong());
    }
}
