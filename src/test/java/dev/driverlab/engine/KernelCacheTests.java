package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.driverlab.engine.compile.CType;
import dev.driverlab.engine.compile.KernelImage;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.engine.compile.UnitCompiler;
import dev.driverlab.kernel.Primitives;
import dev.driverlab.lang.SourceFile;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled prelude kept on disk ({@link KernelCache}, {@link KernelImage}): an image reads back as the very unit
 * that was compiled, every scenario runs to the same bytes on either, and the cache never hands out an image of
 * other sources, another build or other primitives, half an image, or a damaged one.
 */
class KernelCacheTests {
    private static final List<SourceFile> SOURCES = Program.preludeSources();
    private static final List<String> PRIMITIVES = primitiveNames();
    private static final Unit FRESH = UnitCompiler.compileKernel(SOURCES, Primitives.table()::indexOf);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static List<String> primitiveNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Primitives.table().size(); i++)
            names.add(Primitives.table().name(i));
        return names;
    }

    @Test
    void anImageReadsBackAsTheCompiledPreludeFieldByField() throws IOException {
        byte[] image = KernelImage.write(FRESH);
        Unit read = KernelImage.read(image);
        new DeepEquals().check("vmlinux", FRESH, read);
        assertThat(KernelImage.write(read)).isEqualTo(image);
    }

    @Test
    void everyLibraryScenarioRunsToTheSameBytesOnTheImageAsOnAFreshCompile() throws IOException {
        Unit image = KernelImage.read(KernelImage.write(FRESH));
        List<Path> files;
        try (Stream<Path> s = Stream.concat(
                Files.list(Path.of("src/main/resources/scenarios")),
                Files.list(Path.of("src/test/resources/scenarios")))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        int runs = 0;
        for (Path file : files) {
            Scenario s;
            try {
                s = ScenarioLoader.load(file);
            } catch (RuntimeException e) {
                continue; // the test scenarios that are meant not to load
            }
            Map<String, String> scripts = new LinkedHashMap<>();
            scripts.put("script", s.script());
            scripts.putAll(s.scripts());
            for (var e : scripts.entrySet()) {
                if (e.getValue() == null) continue;
                String fresh = run(s, FRESH, e.getKey(), e.getValue());
                String cached = run(s, image, e.getKey(), e.getValue());
                assertThat(cached).as(file + " [" + e.getKey() + "]").isEqualTo(fresh);
                runs++;
            }
        }
        assertThat(runs).isGreaterThan(40);
    }

    private static String run(Scenario s, Unit kernel, String name, String script) {
        String out;
        try {
            Program p = new Program(
                    kernel, UnitCompiler.compileModule(s.module(), s.compiledFiles(), s::include, kernel), s.world());
            Engine engine = new Engine(p);
            String error = null;
            for (Command c : ScriptParser.parse(name, script)) {
                if (engine.machine().stopped()) break;
                try {
                    engine.apply(c);
                } catch (CommandException e) {
                    error = e.getMessage();
                    break;
                }
            }
            if (error == null) engine.finish();
            RunResult r = ScenarioRunner.result(s, engine, error, true);
            out = JSON.writeValueAsString(r);
        } catch (RuntimeException e) {
            out = "failed: " + e; // a driver that does not compile must fail alike on both
        }
        return out;
    }

    @Test
    void aStoredImageIsLoadedByTheNextStartInsteadOfCompiling() {
        AtomicInteger compiles = new AtomicInteger();
        KernelCache cache = new KernelCache(dir, "1.0@t1");
        Unit first = cache.loadOrCompile(PRIMITIVES, SOURCES, () -> count(compiles));
        assertThat(first).isSameAs(FRESH);
        Unit second = new KernelCache(dir, "1.0@t1").loadOrCompile(PRIMITIVES, SOURCES, () -> count(compiles));
        assertThat(compiles).hasValue(1);
        assertThat(second).isNotSameAs(FRESH);
        new DeepEquals().check("vmlinux", FRESH, second);
    }

    private static Unit count(AtomicInteger compiles) {
        compiles.incrementAndGet();
        return FRESH;
    }

    @Test
    void aChangedPreludeSourceAnotherBuildOrOtherPrimitivesNeverUseTheStoredImage() {
        KernelCache cache = new KernelCache(dir, "1.0@t1");
        cache.store(cache.key(PRIMITIVES, SOURCES), FRESH);
        assertThat(cache.load(cache.key(PRIMITIVES, SOURCES))).isNotNull();

        List<SourceFile> edited = new ArrayList<>(SOURCES);
        SourceFile last = edited.get(edited.size() - 1);
        edited.set(edited.size() - 1, new SourceFile(last.name(), last.text() + "\n/* edited */\n"));
        assertThat(cache.load(cache.key(PRIMITIVES, edited))).isNull();
        List<SourceFile> renamed = new ArrayList<>(SOURCES);
        renamed.set(
                0, new SourceFile(SOURCES.get(0).name() + "x", SOURCES.get(0).text()));
        assertThat(cache.load(cache.key(PRIMITIVES, renamed))).isNull();
        assertThat(cache.load(cache.key(PRIMITIVES, SOURCES.subList(0, SOURCES.size() - 1))))
                .isNull();

        KernelCache otherBuild = new KernelCache(dir, "1.0@t2");
        assertThat(otherBuild.load(otherBuild.key(PRIMITIVES, SOURCES))).isNull();

        List<String> swapped = new ArrayList<>(PRIMITIVES);
        String first = swapped.get(0);
        swapped.set(0, swapped.get(1));
        swapped.set(1, first);
        assertThat(cache.load(cache.key(swapped, SOURCES))).isNull();

        AtomicInteger compiles = new AtomicInteger();
        otherBuild.loadOrCompile(PRIMITIVES, SOURCES, () -> count(compiles));
        assertThat(compiles).hasValue(1);
        assertThat(cache.load(cache.key(PRIMITIVES, SOURCES)))
                .as("the other build's image is gone")
                .isNull();
    }

    @Test
    void anImageFileRenamedToAnotherKeyIsNotUsed() throws IOException {
        KernelCache cache = new KernelCache(dir, "1.0@t1");
        byte[] key = cache.key(PRIMITIVES, SOURCES);
        cache.store(key, FRESH);
        KernelCache other = new KernelCache(dir, "1.0@t2");
        byte[] otherKey = other.key(PRIMITIVES, SOURCES);
        Files.move(cache.file(key), other.file(otherKey));
        assertThat(other.load(otherKey)).isNull();
    }

    @Test
    void aDamagedCutOrForeignImageIsIgnoredAndReplacedByACompile() throws IOException {
        KernelCache cache = new KernelCache(dir, "1.0@t1");
        byte[] key = cache.key(PRIMITIVES, SOURCES);
        cache.store(key, FRESH);
        Path file = cache.file(key);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        byte[] flippedHeader = good.clone();
        flippedHeader[2] ^= 0x01;
        List<byte[]> bad = List.of(
                flipped,
                flippedHeader,
                Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, 30),
                new byte[0],
                "not an image at all".getBytes(),
                Arrays.copyOf(good, good.length + 8));
        for (byte[] b : bad) {
            Files.write(file, b);
            assertThat(cache.load(key)).isNull();
            AtomicInteger compiles = new AtomicInteger();
            Unit u = cache.loadOrCompile(PRIMITIVES, SOURCES, () -> count(compiles));
            assertThat(compiles).hasValue(1);
            assertThat(u).isSameAs(FRESH);
            assertThat(Files.readAllBytes(file)).as("rewritten whole").isEqualTo(good);
        }
    }

    @Test
    void anImageCutAnywhereOrWithAByteChangedFailsToReadAsAnIOExceptionOrReadsWhole() {
        byte[] image = KernelImage.write(FRESH);
        for (int cut = 0; cut < image.length; cut += 1 + image.length / 97) {
            byte[] part = Arrays.copyOf(image, cut);
            assertThatThrownBy(() -> KernelImage.read(part)).isInstanceOf(IOException.class);
        }
        // without the cache's checksum, a changed byte may still read (a different constant) but never throws
        // anything but an IOException
        for (int at = 0; at < image.length; at += 1 + image.length / 101) {
            byte[] changed = image.clone();
            changed[at] = (byte) ~changed[at];
            try {
                KernelImage.read(changed);
            } catch (IOException expected) {
                // rejected
            }
        }
    }

    @Test
    void storesAreAtomicAReaderFindsNoImageOrAWholeOne() throws Exception {
        KernelCache cache = new KernelCache(dir, "1.0@t1");
        byte[] key = cache.key(PRIMITIVES, SOURCES);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) cache.store(key, FRESH);
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                int whole = 0;
                while (!writers.stream().allMatch(Future::isDone)) {
                    boolean there = Files.exists(cache.file(key));
                    Unit u = cache.load(key);
                    if (there && u == null && Files.exists(cache.file(key))) {
                        fail("an image under the key's name that does not read whole");
                    }
                    if (u != null) whole++;
                }
                return whole;
            });
            for (Future<?> w : writers) w.get();
            assertThat(reader.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no temporary files left")
                    .containsExactly(cache.file(key).getFileName().toString());
        }
    }

    @Test
    void anUnwritableCacheDirectoryOnlyCostsTheCompile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        KernelCache cache = new KernelCache(notADirectory.resolve("cache"), "1.0@t1");
        AtomicInteger compiles = new AtomicInteger();
        assertThat(cache.loadOrCompile(PRIMITIVES, SOURCES, () -> count(compiles)))
                .isSameAs(FRESH);
        assertThat(cache.loadOrCompile(PRIMITIVES, SOURCES, () -> count(compiles)))
                .isSameAs(FRESH);
        assertThat(compiles).hasValue(2);
    }

    /**
     * Compares two object graphs field by field (by reflection, so a field the image forgets is noticed): values
     * alike, lists and ordered maps in the same order, and the same sharing: an object that is not a record (a
     * struct type, a function) is one object in both graphs wherever it appears, and a type constant stays the
     * constant.
     */
    private static final class DeepEquals {
        private final Map<Object, Object> seen = new IdentityHashMap<>();
        private static final List<CType> CONSTANTS = CType.SHARED;

        void check(String path, Object a, Object b) {
            if (a == null || b == null) {
                if (a != b) fail(path + ": " + a + " vs " + b);
                return;
            }
            boolean sameKind = a.getClass() == b.getClass()
                    || (a instanceof List && b instanceof List) // mutable or not: the same list to a reader
                    || (a instanceof Map
                            && b instanceof Map
                            && (a instanceof LinkedHashMap) == (b instanceof LinkedHashMap));
            if (!sameKind) fail(path + ": " + a.getClass() + " vs " + b.getClass());
            for (CType c : CONSTANTS) {
                if ((a == c) != (b == c)) fail(path + ": the constant " + c + " is not the constant in both");
            }
            if (a instanceof String
                    || a instanceof Number
                    || a instanceof Boolean
                    || a instanceof Character
                    || a instanceof Enum<?>) {
                if (!a.equals(b)) fail(path + ": " + a + " vs " + b);
                return;
            }
            if (a.getClass().isArray()) {
                int n = Array.getLength(a);
                if (n != Array.getLength(b)) fail(path + ": length " + n + " vs " + Array.getLength(b));
                for (int i = 0; i < n; i++) check(path + "[" + i + "]", Array.get(a, i), Array.get(b, i));
                return;
            }
            if (a instanceof Collection<?> ca) {
                Collection<?> cb = (Collection<?>) b;
                if (ca.size() != cb.size()) fail(path + ": size " + ca.size() + " vs " + cb.size());
                Iterator<?> ib = cb.iterator();
                int i = 0;
                for (Object x : ca) check(path + "[" + i++ + "]", x, ib.next());
                return;
            }
            if (a instanceof Map<?, ?> ma) {
                Map<?, ?> mb = (Map<?, ?>) b;
                if (ma.size() != mb.size()) fail(path + ": size " + ma.size() + " vs " + mb.size());
                if (a instanceof LinkedHashMap<?, ?>) {
                    check(path + ".keys", new ArrayList<>(ma.keySet()), new ArrayList<>(mb.keySet()));
                }
                for (var e : ma.entrySet()) {
                    if (!mb.containsKey(e.getKey())) fail(path + ": no key " + e.getKey());
                    check(path + "." + e.getKey(), e.getValue(), mb.get(e.getKey()));
                }
                return;
            }
            if (!a.getClass().isRecord()) {
                Object before = seen.get(a);
                if (before != null) {
                    if (before != b) fail(path + ": shared in one graph, not in the other");
                    return;
                }
                seen.put(a, b);
            }
            if (a.getClass().getName().startsWith("java.")) fail(path + ": no rule for " + a.getClass());
            for (Class<?> c = a.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) continue;
                    f.setAccessible(true);
                    try {
                        check(path + "." + f.getName(), f.get(a), f.get(b));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }
}
