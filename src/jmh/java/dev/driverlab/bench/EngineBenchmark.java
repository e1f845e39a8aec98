package dev.driverlab.bench;

import dev.driverlab.engine.Command;
import dev.driverlab.engine.Engine;
import dev.driverlab.engine.Program;
import dev.driverlab.kernel.DeviceSpec;
import dev.driverlab.kernel.World;
import dev.driverlab.lang.SourceFile;
import dev.driverlab.scenario.ScriptParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine throughput with tracing on. {@link #loopMillionIterations} runs a driver whose init loops 1,000,000 times
 * (about 2 steps per iteration: the body statement and the loop test); divide the step count printed at setup
 * by the measured time for steps/s. {@link #replayTenThousandStepSession} rebuilds a ~10,000-step session from its
 * script, which is what rewind and share links do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
    private static final String LOOP = String.join("\n",
            "static unsigned long sum;",
            "static int __init loop_init(void)",
            "{",
            "\tint i;",
            "\tfor (i = 0; i < 1000000; i++)",
            "\t\tsum += i;",
            "\treturn 0;",
            "}",
            "module_init(loop_init);",
            "MODULE_LICENSE(\"GPL\");");

    /** A platform driver whose IRQ handler schedules a tasklet (also compiled by {@link CompileBenchmark}). */
    static final String IRQS = String.join("\n",
            "struct my_struct { struct tasklet_struct tasklet; int irq; unsigned long events; };",
            "static void handler(unsigned long data)",
            "{",
            "\tstruct my_struct *ms = (struct my_struct *)data;",
            "\tms->events++;",
            "}",
            "static irqreturn_t irq_handler(int irq, void *param)",
            "{",
            "\tstruct my_struct *ms = param;",
            "\ttasklet_schedule(&ms->tasklet);",
            "\treturn IRQ_HANDLED;",
            "}",
            "static int my_probe(struct platform_device *pdev)",
            "{",
            "\tstruct my_struct *ms = devm_kzalloc(&pdev->dev, sizeof(*ms), GFP_KERNEL);",
            "\tif (!ms)",
            "\t\treturn -ENOMEM;",
            "\ttasklet_init(&ms->tasklet, handler, (unsigned long)ms);",
            "\treturn devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), irq_handler, 0, \"b\", ms);",
            "}",
            "static struct platform_driver my_driver = { .probe = my_probe, .driver = { .name = \"dev0\" } };",
            "module_platform_driver(my_driver);");

    private Program loop;
    private Program irqs;
    private List<Command> session;

    @Setup
    public void setup() {
        loop = Program.compile("loop", new SourceFile("loop.c", LOOP), World.DEFAULT);
        irqs = Program.compile("irqs", new SourceFile("irqs.c", IRQS),
                new World(2, List.of(new DeviceSpec("dev0", "platform", 17))));
        StringBuilder script = new StringBuilder("insmod irqs\n");
        for (int i = 0; i < 120; i++) script.append("irq 17\n");
        script.append("rmmod irqs\n");
        session = ScriptParser.parse("bench", script.toString());
        System.out.println("\nloop steps: " + loopMillionIterations() + ", session steps: "
                + replayTenThousandStepSession());
    }

    @Benchmark
    public long loopMillionIterations() {
        Engine e = new Engine(loop);
        e.setMaxSteps(10_000_000);
        e.apply(ScriptParser.parse("bench", "insmod loop").get(0));
        if (!e.machine().reports().isEmpty()) throw new IllegalStateException(e.machine().reports().get(0).title());
        return e.machine().steps();
    }

    @Benchmark
    public long replayTenThousandStepSession() {
        Engine e = new Engine(irqs);
        for (Command c : session) e.apply(c);
        return e.machine().steps();
    }
}
