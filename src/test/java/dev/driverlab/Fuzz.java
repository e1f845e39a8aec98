package dev.driverlab;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded random inputs for robustness properties ("every generated input ends in a result or a clear error"):
 * try {@code i} of a property uses {@code new Random(seed + i)}, so a failure names the seed and try that reproduce
 * it. A short run is part of {@code mvn verify}; {@code -Ddriverlab.fuzz.tries=N} multiplies every property's
 * tries by N for a long run, and {@code -Ddriverlab.fuzz.seed=S} starts elsewhere.
 */
public final class Fuzz {
    private static final long SEED = Long.getLong("driverlab.fuzz.seed", 20261203L);
    private static final int MULTIPLIER = Integer.getInteger("driverlab.fuzz.tries", 1);

    private Fuzz() {}

    /** Runs {@code property} on {@code tries} (times the multiplier) inputs made by {@code generator}. */
    public static <T> void forAll(String name, int tries, Function<Random, T> generator, Consumer<T> property) {
        long total = (long) tries * MULTIPLIER;
        for (long i = 0; i < total; i++) {
            T input = generator.apply(new Random(SEED + i));
            try {
                property.accept(input);
            } catch (Throwable e) {
                String shown = String.valueOf(input);
                if (shown.length() > 2_000) shown = shown.substring(0, 2_000) + "... (" + shown.length() + " chars)";
                throw new AssertionError(name + " failed on try " + i + " (-Ddriverlab.fuzz.seed=" + (SEED + i)
                        + " -Ddriverlab.fuzz.tries=1 reproduces it) with input:\n" + shown, e);
            }
        }
    }

    /** One of {@code choices}. */
    @SafeVarargs
    public static <T> T oneOf(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
