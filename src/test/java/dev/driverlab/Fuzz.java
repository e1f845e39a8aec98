package dev.driverlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A seeded fuzzing loop for the {@code *Properties} test classes: each try generates an input from its own seed
 * and checks a property of it. A short run is part of every build; a long one is
 * {@code mvn test -Dtest='*Properties' -Dfuzz.tries=100000}. Seeds are random unless {@code -Dfuzz.seed=N} is
 * given, so every run explores new inputs; a failure names the seed that replays it
 * ({@code -Dfuzz.seed=N -Dfuzz.tries=1}) and saves the input under {@code target/fuzz-failures/}.
 */
public final class Fuzz {
    /** Tries per property; the default keeps each property to a few seconds of {@code mvn verify}. */
    public static final int TRIES = Integer.getInteger("fuzz.tries", 150);

    private Fuzz() {}

    /**
     * Checks {@code property} on {@link #TRIES} inputs made by {@code generate}; throws an AssertionError naming
     * the seed of the first input it fails on.
     */
    public static <T> void check(String name, Function<Random, T> generate, Consumer<T> property) {
        long first = Long.getLong("fuzz.seed", new Random().nextLong());
        for (int i = 0; i < TRIES; i++) {
            long seed = first + i;
            T input = null;
            try {
                input = generate.apply(new Random(seed));
                property.accept(input);
            } catch (RuntimeException | AssertionError | StackOverflowError | OutOfMemoryError e) {
                Path saved = save(name, seed, input == null ? "(the generator failed)" : input);
                throw new AssertionError(name + " failed on try " + (i + 1) + " of " + TRIES + "; replay it with "
                        + "-Dfuzz.seed=" + seed + " -Dfuzz.tries=1; the input is in " + saved + ": " + e, e);
            }
        }
    }

    private static Path save(String name, long seed, Object input) {
        Path file = Path.of("target", "fuzz-failures", name + "-" + seed + ".txt");
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
    public static <T> T pick(Random random, java.util.List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
