package dev.driverlab.kernel;

import dev.driverlab.engine.Engine;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Test helper: a driver (kernel-style C) + a world + a script, run headless with the full trace. Line 1 of the source
 * is line 1 for {@code break LINE}. Public so that the engine package's tests can use it too.
 *
 * <pre>
 * RunResult r = Lab.driver(SOURCE).device("my_device", 17).run("insmod lab\nunbind my_device");
 * </pre>
 */
public final class Lab {
    /** The module name: scripts say {@code insmod lab} / {@code rmmod lab}; diagnostics name {@code lab.c}. */
    public static final String MODULE = "lab";

    private final String source;
    private int cpus = 2;
    private final List<DeviceSpec> devices = new ArrayList<>();
    private int maxSteps = Engine.DEFAULT_MAX_STEPS;
    private KernelVersion kernel = KernelVersion.V6_1;
    private GpioSpec gpio = GpioSpec.DEFAULT;
    /** Other modules built with this one (Kbuild's obj-m += x.o): name -> its one C file. */
    private final Map<String, String> others = new LinkedHashMap<>();

    private Lab(String source) {
        this.source = source;
    }

    /** A driver with no device in its world (add some with {@link #device}). */
    public static Lab driver(String source) {
        return new Lab(source);
    }

    /** A module whose init runs {@code body} (statements) and returns 0; {@code globals} go before it. */
    public static Lab init(String globals, String body) {
        return new Lab("#include <linux/module.h>\n" + globals + "\nstatic int __init lab_init(void)\n{\n" + body
                + "\n\treturn 0;\n}\nmodule_init(lab_init);\nMODULE_LICENSE(\"GPL\");\n");
    }

    /**
     * A module with {@code decls} (globals, helpers, fops...) then {@code lab_init} running {@code initBody} (which
     * must return) and {@code lab_exit} running {@code exitBody}.
     */
    public static Lab module(String decls, String initBody, String exitBody) {
        return new Lab("#include <linux/module.h>\n\n" + decls.stripTrailing()
                + "\n\nstatic int __init lab_init(void)\n{\n"
                + initBody.stripTrailing() + "\n}\n\nstatic void __exit lab_exit(void)\n{\n" + exitBody.stripTrailing()
                + "\n}\n\nmodule_init(lab_init);\nmodule_exit(lab_exit);\nMODULE_LICENSE(\"GPL\");\n");
    }

    /** The driver source this lab runs (for {@link #lineOf}). */
    public String source() {
        return source;
    }

    /**
     * The kernel log without the line the first module's load prints about tainting the kernel O ({@code m: loading
     * out-of-tree module taints kernel.}, which {@code TaintRulesTests} checks): what the driver and the kernel's
     * other paths printed, for tests about those.
     */
    public static List<String> driverLog(RunResult r) {
        return r.dmesg().stream().filter(line -> !line.endsWith(OUT_OF_TREE)).toList();
    }

    public static final String OUT_OF_TREE = ": loading out-of-tree module taints kernel.";

    /** insmod of a module whose init runs {@code body}: the dmesg lines it printed (run must end cleanly). */
    public static List<String> dmesgOfInit(String globals, String body) {
        RunResult r = init(globals, body).run("insmod lab");
        if (r.error() != null || !r.reports().isEmpty()) {
            throw new AssertionError("run failed: " + r.error() + " "
                    + r.reports().stream().map(Report::title).toList() + "\ndmesg: " + r.dmesg());
        }
        return driverLog(r);
    }

    /**
     * A platform driver for device {@code my_device} in the shape of the seed: {@code struct lab_dev} (a tasklet, the
     * irq, a counter and an event count), then {@code extra} (handlers, helpers), then {@code lab_probe} and
     * {@code lab_remove} with the given bodies, registered with module_platform_driver.
     */
    public static String platformDriver(String extra, String probeBody, String removeBody) {
        return """
                #include <linux/module.h>
                #include <linux/platform_device.h>
                #include <linux/interrupt.h>

                struct lab_dev {
                	struct tasklet_struct tasklet;
                	int irq;
                	int n;
                	int events;
                	char *buf;
                };

                """ + extra + """

                static int lab_probe(struct platform_device *pdev)
                {
                """ + probeBody.stripTrailing() + """

                }

                static int lab_remove(struct platform_device *pdev)
                {
                """ + removeBody.stripTrailing() + """

                }

                static struct platform_driver lab_driver = {
                	.probe = lab_probe,
                	.remove = lab_remove,
                	.driver = {
                		.name = "my_device",
                	},
                };
                module_platform_driver(lab_driver);
                MODULE_LICENSE("GPL");
                """;
    }

    /** The 1-based line of the first source line containing {@code marker} (for {@code break LINE}). */
    public static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(marker)) return i + 1;
        throw new AssertionError("no line containing '" + marker + "'");
    }

    public Lab cpus(int n) {
        this.cpus = n;
        return this;
    }

    public Lab device(String name, Integer irq) {
        devices.add(new DeviceSpec(name, "platform", irq));
        return this;
    }

    /** A platform device from the devicetree: its node's compatible string and properties (in order). */
    public Lab ofDevice(String name, String compatible, Map<String, Object> properties) {
        devices.add(new DeviceSpec(name, "platform", null, null, null, null, compatible, properties));
        return this;
    }

    public Lab usbDevice(String name) {
        devices.add(new DeviceSpec(name, "usb", null));
        return this;
    }

    /** A USB device with descriptor ids and the bytes it answers bulk IN transfers with (null: none). */
    public Lab usbDevice(String name, int vendor, int product, String data) {
        devices.add(new DeviceSpec(name, "usb", null, vendor, product, data));
        return this;
    }

    /** The kernel version the scenario asks for ({@code kernel: "6.6"}). */
    public Lab kernel(KernelVersion version) {
        this.kernel = version;
        return this;
    }

    /** Another module built with {@code lab}, of one file {@code NAME.c}: scripts load it with {@code insmod NAME}. */
    public Lab withModule(String name, String source) {
        others.put(name, source);
        return this;
    }

    /** The world's GPIO controller ({@code world: gpio:}). */
    public Lab gpio(GpioSpec spec) {
        this.gpio = spec;
        return this;
    }

    public Lab maxSteps(int n) {
        this.maxSteps = n;
        return this;
    }

    public Scenario scenario(String script) {
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, List<String>> modules = new LinkedHashMap<>();
        if (!others.isEmpty()) { // each module one file of sources, lab's too
            sources.put(MODULE + ".c", source);
            modules.put(MODULE, List.of(MODULE + ".c"));
            others.forEach((name, text) -> {
                sources.put(name + ".c", text);
                modules.put(name, List.of(name + ".c"));
            });
        }
        return Scenario.builder(MODULE, "lab", "test driver", others.isEmpty() ? source : "")
                .module(MODULE)
                .world(new World(cpus, devices, kernel, gpio))
                .script(script)
                .sources(sources)
                .modules(modules)
                .build();
    }

    /** Runs the script with the full trace; throws CompileException if the driver does not compile. */
    public RunResult run(String script) {
        return ScenarioRunner.run(scenario(script), "script", ScriptParser.parse("script", script), maxSteps, true);
    }

    /** The engine after booting (nothing applied yet), for tests that drive it command by command. */
    public Engine boot() {
        Engine e = ScenarioRunner.boot(scenario(""));
        e.setMaxSteps(maxSteps);
        return e;
    }

    // ---- looking at a result ----

    public static List<TraceEvent> events(RunResult r, String kind) {
        return r.trace().stream().filter(e -> e.kind().equals(kind)).toList();
    }

    public static List<TraceEvent> events(RunResult r, Predicate<TraceEvent> p) {
        return r.trace().stream().filter(p).toList();
    }

    /** Events of a kind whose text, function or context contains {@code what}. */
    public static List<TraceEvent> events(RunResult r, String kind, String what) {
        return events(r, e -> e.kind().equals(kind) && mentions(e, what));
    }

    public static boolean mentions(TraceEvent e, String what) {
        return (e.text() != null && e.text().contains(what))
                || (e.function() != null && e.function().equals(what))
                || (e.context() != null && e.context().equals(what));
    }

    /** The seq of the first event of a kind mentioning {@code what}; fails if there is none. */
    public static long first(RunResult r, String kind, String what) {
        return events(r, kind, what).stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " event mentioning '" + what + "'"))
                .seq();
    }

    public static long last(RunResult r, String kind, String what) {
        List<TraceEvent> es = events(r, kind, what);
        if (es.isEmpty()) throw new AssertionError("no " + kind + " event mentioning '" + what + "'");
        return es.get(es.size() - 1).seq();
    }

    /** Function names of the enter events, in order (the call sequence). */
    public static List<String> entered(RunResult r) {
        return events(r, "enter").stream().map(TraceEvent::function).toList();
    }

    public static TraceEvent event(RunResult r, long seq) {
        return r.trace().stream()
                .filter(e -> e.seq() == seq)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no event " + seq));
    }

    public static Report report(RunResult r) {
        if (r.reports().size() != 1) {
            throw new AssertionError("expected one report, got "
                    + r.reports().stream().map(Report::title).toList() + " (error: " + r.error() + ", dmesg: "
                    + r.dmesg() + ")");
        }
        return r.reports().get(0);
    }

    /**
     * The fault after KASAN's report for an address without shadow (NULL's page, user space, non-canonical): two
     * reports, KASAN's first; returns the second (the Oops or general protection fault).
     */
    public static Report faultAfterKasan(RunResult r) {
        if (r.reports().size() != 2 || !r.reports().get(0).title().startsWith("BUG: KASAN: ")) {
            throw new AssertionError("expected a KASAN report then the fault, got "
                    + r.reports().stream().map(Report::title).toList());
        }
        return r.reports().get(1);
    }

    /** A context of the final state view by name; fails if there is none. */
    public static StateView.ContextView context(RunResult r, String name) {
        return r.state().contexts().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no context " + name + " in " + r.state().contexts()));
    }

    /** A module of the final state view by name; fails if there is none. */
    public static StateView.ModuleView moduleView(RunResult r, String name) {
        return r.state().modules().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no module " + name + " in " + r.state().modules()));
    }

    /** A one-line summary for assertion messages. */
    public static String describe(RunResult r) {
        return "error=" + r.error() + " reports="
                + r.reports().stream().map(Report::title).toList() + " output=" + r.output() + " dmesg=" + r.dmesg();
    }
}
