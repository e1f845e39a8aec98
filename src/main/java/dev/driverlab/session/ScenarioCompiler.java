package dev.driverlab.session;

import dev.driverlab.engine.CommandException;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Footprint;
import dev.driverlab.engine.Program;
import dev.driverlab.kernel.Bus;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.KernelVersion;
import dev.driverlab.kernel.World;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioLoader;
import dev.driverlab.scenario.ScenarioRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a {@link ScenarioSpec} into a scenario, a compiled program and a booted engine. Programs are immutable and
 * a booted engine is only ever copied, so both are cached by (module, source, world): a workshop's 500 sessions of
 * one scenario share one program and one boot image instead of compiling and booting 500 times. The cache holds
 * at most {@link #CACHE_SIZE} images and {@link #DEFAULT_CACHE_BYTES} of heap (estimated), least recently used dropped first:
 * every different source a client sends is a new image.
 */
public final class ScenarioCompiler {
    /** The module name of an inline driver that does not name one; the examples use it. */
    public static final String DEFAULT_MODULE = "my_module";

    private static final int CACHE_SIZE = 64;
    static final long DEFAULT_CACHE_BYTES = 64L << 20;

    /** A scenario ready to run: {@code booted} is shared, copy it before use. */
    public record Compiled(Scenario scenario, Program program, Engine booted) {}

    private record Key(
            String module,
            String source,
            Map<String, String> sources,
            Map<String, List<String>> modules,
            World world) {}

    private record Image(Program program, Engine booted, long bytes) {
        Image(Program program, Engine booted) {
            this(program, booted, program.module().initialData().length + Footprint.of(booted.machine()));
        }
    }

    /** Access-ordered: the first entry is the least recently used. Guarded by itself. */
    private final LinkedHashMap<Key, Image> cache = new LinkedHashMap<>(16, 0.75f, true);

    private final long cacheBytes;
    private long cachedBytes;

    public ScenarioCompiler() {
        this(DEFAULT_CACHE_BYTES);
    }

    ScenarioCompiler(long cacheBytes) {
        this.cacheBytes = cacheBytes;
    }

    /** The estimated heap of the cached images. */
    long cachedBytes() {
        synchronized (cache) {
            return cachedBytes;
        }
    }

    /** Resolves, compiles and boots; throws NotFound, ScenarioException or CompileException for bad input. */
    public Compiled compile(ScenarioSpec spec) {
        spec.check();
        return compile(resolve(spec));
    }

    public Compiled compile(Scenario s) {
        Key key = new Key(s.module(), s.source(), s.sources(), s.modules(), s.world());
        Image image;
        synchronized (cache) {
            image = cache.get(key);
        }
        if (image == null) {
            Program program = ScenarioRunner.compile(s);
            Engine booted;
            try {
                booted = new Engine(program);
            } catch (CommandException e) {
                throw new ScenarioException(s.id(), 0, e.getMessage());
            }
            image = new Image(program, booted);
            synchronized (cache) {
                if (cache.putIfAbsent(key, image) == null) cachedBytes += image.bytes();
                var oldest = cache.entrySet().iterator();
                while (cache.size() > 1 && (cache.size() > CACHE_SIZE || cachedBytes > cacheBytes)) {
                    cachedBytes -= oldest.next().getValue().bytes();
                    oldest.remove();
                }
            }
        }
        return new Compiled(s, image.program(), image.booted());
    }

    public static Scenario resolve(ScenarioSpec spec) {
        if (spec.scenario() != null) {
            return ScenarioLibrary.builtIn()
                    .find(spec.scenario())
                    .orElseThrow(() -> new NotFoundException("no built-in scenario '" + spec.scenario() + "'"));
        }
        if (spec.yaml() != null) {
            return ScenarioLoader.parse("scenario.yaml", spec.yaml());
        }
        Map<String, List<String>> modules = spec.modules() == null ? Map.of() : spec.modules();
        String module = spec.module() != null
                ? spec.module()
                : modules.isEmpty()
                        ? DEFAULT_MODULE
                        : modules.keySet().iterator().next();
        if (!Scenario.MODULE_NAME.matcher(module).matches()) {
            throw invalid("module '" + module + "' must match [A-Za-z0-9_-]+");
        }
        if (spec.source() == null && spec.sources().keySet().stream().noneMatch(n -> n.endsWith(".c"))) {
            throw invalid("give the driver as \"source\" (or a .c file under \"sources\")");
        }
        for (List<String> files : modules.values()) {
            if (files == null || files.contains(null)) throw invalid("\"modules\" maps each module to its C files");
        }
        Scenario s = Scenario.builder("inline", module, "", spec.source() == null ? "" : spec.source())
                .module(module)
                .world(world(spec.world()))
                .sources(spec.sources())
                .modules(modules)
                .build();
        String problem = s.filesProblem();
        if (problem != null) throw invalid(problem);
        return s;
    }

    /** An inline driver's JSON world, checked by the rules every world follows ({@link World#problem}). */
    private static World world(ScenarioSpec.WorldSpec w) {
        if (w == null) return World.DEFAULT;
        int cpus = w.cpus() == null ? World.DEFAULT.cpus() : w.cpus();
        List<DeviceSpec> given = w.devices() == null ? List.of() : w.devices();
        List<DeviceSpec> devices = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            DeviceSpec d = given.get(i);
            if (d == null) throw invalid("world.devices[" + i + "].name must be a non-empty string");
            String bus = d.bus() == null ? Bus.PLATFORM.id() : d.bus();
            devices.add(new DeviceSpec(
                    d.name(), bus, d.irq(), d.vendor(), d.product(), d.data(), d.compatible(), d.properties()));
        }
        if (w.kernel() != null && KernelVersion.problem(w.kernel()) != null) {
            throw invalid("world.kernel: " + KernelVersion.problem(w.kernel()));
        }
        if (w.gpio() != null
                && w.gpio().high() != null
                && w.gpio().high().stream().anyMatch(Objects::isNull)) {
            throw invalid("world.gpio.high must list GPIO numbers (integers)");
        }
        World world = new World(
                cpus,
                devices,
                w.kernel() == null ? null : KernelVersion.parse(w.kernel()),
                w.gpio() == null ? null : w.gpio().spec());
        World.Problem problem = world.problem();
        if (problem != null) throw invalid(problem.message());
        return world;
    }

    private static ScenarioException invalid(String message) {
        return new ScenarioException("request", 0, message);
    }
}
