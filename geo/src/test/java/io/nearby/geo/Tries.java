package io.nearby.geo;

import org.junit.jupiter.api.TestInfo;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A minimal seeded property runner for the geo tests: {@code tries} inputs are drawn from a generator and
 * each is checked; the first failure is reported with the seed and the input, so it can be reproduced.
 *
 * <p>The run seed is {@value #DEFAULT_SEED} unless the system property {@value #SEED_PROPERTY} is set
 * (decimal, or hex with {@code 0x}), e.g. {@code mvn -pl geo test -Dgeo.seed=42}. Each test method draws
 * from its own {@link SplittableRandom}, seeded from the run seed and the method's name, so a method
 * sees the same inputs whether it runs alone ({@code -Dtest=Class#method}) or with the whole suite.
 * There is no shrinking: the counterexample is printed as generated, with every double at full precision.
 */
final class Tries {

    static final String SEED_PROPERTY = "geo.seed";
    static final long DEFAULT_SEED = 20_250_601L;
    /** The seed of this run. */
    static final long SEED = seedFromSystemProperty();

    private Tries() {
    }

    /**
     * Checks {@code property} for {@code tries} inputs made by {@code generator}.
     *
     * @throws AssertionError on the first input for which {@code property} throws an AssertionError or a
     *                        RuntimeException; the message names the test, seed, try and input
     */
    static <T> void forAll(TestInfo test, int tries, Function<SplittableRandom, T> generator, Consumer<T> property) {
        String name = test.getTestClass().map(Class::getSimpleName).orElse("?")
                + "#" + test.getTestMethod().map(m -> m.getName()).orElse(test.getDisplayName());
        SplittableRandom random = new SplittableRandom(SEED ^ mix(name.hashCode()));
        for (int i = 1; i <= tries; i++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(String.format(
                        "%s failed on try %d of %d with seed %d%n"
                                + "  reproduce: mvn -pl geo test -Dtest='%s' -D%s=%d%n"
                                + "  input:     %s%n"
                                + "  failure:   %s",
                        name, i, tries, SEED, name, SEED_PROPERTY, SEED, input, e), e);
            }
        }
    }

    private static long seedFromSystemProperty() {
        String raw = System.getProperty(SEED_PROPERTY);
        if (raw == null || raw.isBlank()) {
            return DEFAULT_SEED;
        }
        try {
            return Long.decode(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a long (decimal or 0x hex), got '" + raw + "'", e);
        }
    }

    /** Spreads the bits of a name's hash over the whole seed (the SplitMix64 finaliser). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
