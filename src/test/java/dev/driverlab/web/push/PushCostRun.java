package dev.driverlab.web.push;

import dev.driverlab.session.Batch;
import dev.driverlab.session.CommandScript;
import dev.driverlab.session.ScenarioCompiler;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionLimits;
import dev.driverlab.session.SessionState;
import dev.driverlab.web.wire.EventDto;
import dev.driverlab.web.wire.ReportDto;
import dev.driverlab.web.wire.SessionStateDto;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one command's push costs, in CPU time of this thread (so a machine shared with other builds changes the
 * figures less than wall time would): the command itself ({@code irq 17} on devm-irq-tasklet after {@code insmod}),
 * and the frames of its batch made as the server made them before (events as a tree of columns converted to JSON,
 * the state serialized, parsed back and diffed against the previous state's bytes parsed again) and as now (the
 * events frame written straight to bytes, the state turned into a tree once and diffed against the tree kept).
 * A main for README "Performance", not a test:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:CLASSPATH dev.driverlab.web.push.PushCostRun
 * </pre>
 */
public final class PushCostRun {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ORDER = PushCodec.memberOrder(JSON);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        ScenarioCompiler.Compiled compiled = new ScenarioCompiler().compile(ScenarioSpec.builtIn("devm-irq-tasklet"));
        SessionLimits limits =
                new SessionLimits(1_000_000, 100_000_000, 5000, 8, Duration.ofSeconds(5), Long.MAX_VALUE);
        Session session = new Session("s", ScenarioSpec.builtIn("devm-irq-tasklet"), compiled, limits);
        session.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
        SessionState before = session.state();
        Batch batch = session.apply(CommandScript.parse(List.of("irq 17"))); // read in place: nothing runs on
        byte[] beforeBytes = JSON.writeValueAsBytes(before);
        JsonNode beforeTree = JSON.valueToTree(before);
        SessionStateDto beforeDto = SessionStateDto.of(before);
        JsonNode beforeDtoTree = JSON.valueToTree(beforeDto);

        for (int pass = 0; pass < 3; pass++) { // the first passes warm the JIT up
            Session work = new Session("w", ScenarioSpec.builtIn("devm-irq-tasklet"), compiled, limits);
            work.apply(CommandScript.parse(List.of("insmod devm_irq_tasklet")));
            long command = cpu(rounds / 10, () -> work.apply(CommandScript.parse(List.of("irq 17"))));
            long old = cpu(rounds, () -> {
                int n = 0;
                n += JSON.writeValueAsBytes(PushMessage.events(
                                "s",
                                batch.from(),
                                batch.events().size(),
                                PushCodec.columns(batch.events().stream()
                                        .map(e -> (JsonNode) JSON.valueToTree(EventDto.of(e)))
                                        .toList())))
                        .length;
                byte[] bytes = JSON.writeValueAsBytes(batch.state());
                JsonNode now = JSON.readTree(bytes);
                JsonNode patch = PushCodec.diff(JSON.readTree(beforeBytes), now);
                n += JSON.writeValueAsBytes(state(batch, new PushMessage.Delta("v2", "v1", patch, null))).length;
                if (n == 0) throw new AssertionError();
            });
            long lean = cpu(rounds, () -> {
                int n = 0;
                n += PushCodec.eventsFrame(JSON, "s", batch.from(), batch.inPlace(), ORDER).length;
                JsonNode now = JSON.valueToTree(batch.state());
                JsonNode patch = PushCodec.diff(beforeTree, now);
                n += JSON.writeValueAsBytes(state(batch, new PushMessage.Delta("v2", "v1", patch, null))).length;
                if (n == 0) throw new AssertionError();
            });
            // the state delta alone, from the session's state: its whole tree, or built by parts from the last one
            long whole = cpu(rounds, () -> {
                JsonNode now = JSON.valueToTree(SessionStateDto.of(batch.state()));
                if (JSON.writeValueAsBytes(PushCodec.diff(beforeDtoTree, now)).length == 0) throw new AssertionError();
            });
            long parts = cpu(rounds, () -> {
                JsonNode now = StateTrees.of(JSON, SessionStateDto.of(batch.state()), beforeDto, beforeDtoTree);
                if (JSON.writeValueAsBytes(PushCodec.diff(beforeDtoTree, now)).length == 0) throw new AssertionError();
            });
            System.out.printf(
                    "pass %d: the state delta: whole tree %.1f us, tree by parts %.1f us (%.2fx)%n",
                    pass, whole / 1e3, parts / 1e3, (double) whole / parts);
            System.out.printf(
                    "pass %d: irq 17 applied (with the state after it) %.1f us; a batch of %d events' frames: before %.1f us, now %.1f us"
                            + " (%.2fx)%n",
                    pass, command / 1e3, batch.events().size(), old / 1e3, lean / 1e3, (double) old / lean);
        }
    }

    private static PushMessage state(Batch b, PushMessage.Delta delta) {
        return PushMessage.state(
                "s", b.state().next(), b.dmesg(), ReportDto.of(b.reports()), b.applied(), b.skipped(), delta);
    }

    /** Mean CPU nanoseconds of this thread per run of {@code r}. */
    private static long cpu(int runs, Runnable r) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < runs; i++) r.run();
        return (THREADS.getCurrentThreadCpuTime() - t0) / runs;
    }
}
