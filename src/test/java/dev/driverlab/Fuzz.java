package dev.driverlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A seeded fuzzing loop for robustness properties ("every generated input ends in a result or a clear error"): each
 * try generates an input from its own seed and checks a property of it. A short run is part of every build, from a
 * fixed seed so the build is repeatable; a long one is {@code mvn test -Dtest='*Properties,*FuzzTests'
 * -Dfuzz.tries=100000}, and {@code -Dfuzz.seed=N} starts from another seed to explore new inputs. A failure names
 * the seed that replays it ({@code -Dfuzz.seed=N -Dfuzz.tries=1}) and saves the input under
 * {@code target/fuzz-failures/}. (Not jqwik: its maintainers ask AI coding agents not to use it.)
 */
public final class Fuzz {
    /** Tries per property by default; each property stays within a few seconds of {@code mvn verify}. */
    public static final int TRIES = 150;

    private static final long DEFAULT_SEED = 20261203L;

    private Fuzz() {}

    /** Checks {@code property} on {@link #TRIES} inputs (or {@code -Dfuzz.tries}) made by {@code generate}. */
    public static <T> void check(String name, Function<Random, T> generate, Consumer<T> property) {
        check(name, TRIES, generate, property);
    }

    /**
     * Checks {@code property} on {@code tries} inputs (or {@code -Dfuzz.tries}) made by {@code generate}; throws an
     * AssertionError naming the seed of the first input it fails on.
     */
    public static <T> void check(String name, int tries, Function<Random, T> generate, Consumer<T> property) {
        int total = Integer.getInteger("fuzz.tries", tries);
        long first = Long.getLong("fuzz.seed", DEFAULT_SEED);
        for (int i = 0; i < total; i++) {
            long seed = first + i;
            T input = null;
            try {
                input = generate.apply(new Random(seed));
                property.accept(input);
            } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
                Path saved = save(name, seed, input == null ? "(the generator failed)" : input);
                throw new AssertionError(
                        name + " failed on try " + (i + 1) + " of " + total + "; replay it with " + "-Dfuzz.seed="
                                + seed + " -Dfuzz.tries=1; the input is in " + saved + ": " + e,
                        e);
            }
        }
    }

    private static Path save(String name, long seed, Object input) {
        Path file = Path.of("target", "fuzz-failures", name.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + seed + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.valueOf(input), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Path.of("(not saved: " + e.getMessage() + ")");
        }
        return file;
    }

    /** One of {@code choices}. */
    @SafeVarargs
    public static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** One of {@code choices}. */
    public static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
