package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "IRQs" (kernel/irq/manage.c, handle.c): request, delivery, free_irq, disable/enable. */
class IrqRulesTests {

    private static final String HANDLERS = """
            static void lab_tasklet(unsigned long data)
            {
            	struct lab_dev *ld = (struct lab_dev *)data;

            	pr_info("tasklet %d", ld->events);
            }

            static irqreturn_t lab_irq(int irq, void *dev_id)
            {
            	struct lab_dev *ld = dev_id;

            	ld->events++;
            	pr_info("irq %d on cpu %d hardirq %d", irq, smp_processor_id(), in_irq());
            	tasklet_schedule(&ld->tasklet);
            	return IRQ_HANDLED;
            }
            """;

    /** probe: devm_kzalloc, tasklet_init, request_irq (+ {@code afterRequest}); remove: {@code remove} then return. */
    private static String driver(String afterRequest, String remove) {
        return Lab.platformDriver(HANDLERS, """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);
                	int err;

                	if (!ld)
                		return -ENOMEM;
                	ld->irq = platform_get_irq(pdev, 0);
                	if (ld->irq < 0)
                		return ld->irq;
                	tasklet_init(&ld->tasklet, lab_tasklet, (unsigned long)ld);
                	err = request_irq(ld->irq, lab_irq, 0, "lab", ld);
                	if (err)
                		return err;
                	platform_set_drvdata(pdev, ld);
                """ + afterRequest + "\treturn 0;\n", """
                	struct lab_dev *ld = platform_get_drvdata(pdev);

                """ + remove + "\treturn 0;\n");
    }

    private static final String FREE_IRQ = "\tfree_irq(ld->irq, ld);\n\tpr_info(\"irq freed\");\n";

    private static StateView.ContextView context(RunResult r, String name) {
        return r.state().contexts().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no context " + name + " in " + r.state().contexts()));
    }

    @Test
    void anIrqRunsItsHandlerInTheIrqContextOfTheLastCpuByDefault() {
        RunResult r = Lab.driver(driver("", FREE_IRQ))
                .cpus(4)
                .device("my_device", 17)
                .run("insmod lab\nirq 17\nirq 17 cpu 1");
        assertThat(Lab.event(r, first(r, "irq-request", "IRQ 17")).text()).startsWith("IRQ 17 -> lab_irq");
        assertThat(Lab.driverLog(r)).containsSubsequence("irq 17 on cpu 3 hardirq 1", "irq 17 on cpu 1 hardirq 1");
        assertThat(events(r, "enter", "lab_irq"))
                .extracting(TraceEvent::context, TraceEvent::cpu)
                .containsExactly(tuple("irq17", 3), tuple("irq17", 1));
        assertThat(events(r, "irq-fire"))
                .extracting(TraceEvent::text)
                .containsExactly("IRQ 17 on CPU 3", "IRQ 17 on CPU 1");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void anIrqOnALineWithoutAHandlerRunsNothingAndSaysNothing() {
        // handle_edge_irq: no action on the line, so no handler runs and note_interrupt is never reached
        RunResult r = Lab.driver(driver("", FREE_IRQ))
                .device("my_device", 17)
                .run("irq 17\ninsmod lab\nunbind my_device\nirq 17");
        assertThat(events(r, "irq-fire")).hasSize(2);
        assertThat(events(r, "enter", "lab_irq")).isEmpty();
        assertThat(events(r, "enter", "note_interrupt")).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("irq freed");
        assertThat(r.reports()).isEmpty();
        assertThat(r.exitCode()).isZero();
    }

    /** A platform driver whose handler on IRQ 17 returns {@code ret} (and says it ran). */
    private static String returning(String ret) {
        return Lab.platformDriver("""
                static irqreturn_t lab_irq(int irq, void *dev_id)
                {
                	pr_info("handler");
                	return %s;
                }
                """.formatted(ret), """
                	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), lab_irq, 0, "lab", pdev);
                """, "\treturn 0;\n");
    }

    @Test
    void aHandlerReturningIrqNoneIsCountedNotReported() {
        // spurious.c: only 99,900 unhandled of 100,000 make a line stuck; an odd IRQ_NONE is bus noise, not a bug
        RunResult r =
                Lab.driver(returning("IRQ_NONE")).device("my_device", 17).run("insmod lab\nirq 17\nirq 17\nirq 17");
        assertThat(Lab.driverLog(r)).containsExactly("handler", "handler", "handler");
        assertThat(r.reports()).isEmpty();
        assertThat(r.state().irqs()).anySatisfy(l -> assertThat(l.depth()).isZero());
    }

    @Test
    void aLineIsStuckWhen99900Of100000InterruptsGoUnhandledInQuickSuccession() {
        IrqLine stuck = new IrqLine(17);
        boolean tripped = false;
        for (int i = 0; i < 100_000; i++) tripped = stuck.noteUnhandled(true, 1000);
        assertThat(tripped).isTrue();

        IrqLine shared = new IrqLine(18); // 101 handled by a device sharing the line: 99,899 unhandled is not stuck
        tripped = false;
        for (int i = 0; i < 100_000; i++) tripped |= shared.noteUnhandled(i >= 101, 1000);
        assertThat(tripped).isFalse();

        IrqLine noisy = new IrqLine(19); // unhandled ones more than HZ/10 apart start the count again each time
        tripped = false;
        for (int i = 0; i < 300_000; i++) tripped |= noisy.noteUnhandled(true, i * 26L);
        assertThat(tripped).isFalse();
    }

    @Test
    void aBogusReturnValueIsReportedAtOnceWithTheLinesHandlers() {
        RunResult r = Lab.driver(returning("5")).device("my_device", 17).run("insmod lab\nirq 17");
        List<String> log = Lab.driverLog(r);
        assertThat(log).startsWith("handler", "irq event 17: bogus return value 5");
        assertThat(String.join("\n", log))
                .containsSubsequence(
                        "Call Trace:", " <IRQ>", " __report_bad_irq+0x", " note_interrupt+0x", " </IRQ>", "handlers:");
        assertThat(log.get(log.size() - 1)).matches("\\[<[0-9a-f]{16}>\\] lab_irq \\[lab\\]");
        assertThat(log).noneMatch(l -> l.startsWith(" report_bad_irq")); // inlined into note_interrupt
        assertThat(r.reports()).isEmpty(); // a diagnostic, not an oops: the kernel goes on
    }

    @Test
    void onlyTheFirstHundredBogusValuesAreReported() {
        String script = "insmod lab\n" + "irq 17\n".repeat(101);
        RunResult r = Lab.driver(returning("0x10")).device("my_device", 17).run(script);
        assertThat(events(r, "dmesg", "bogus return value 10")).hasSize(100);
        assertThat(events(r, "enter", "lab_irq")).hasSize(101);
    }

    @Test
    void freeIrqUnlinksTheHandlerThenWaitsForARunningOneOfItsLine() {
        String script = "break lab_irq\ninsmod lab\nirq 17\nunbind my_device";
        RunResult held =
                Lab.driver(driver("", FREE_IRQ)).device("my_device", 17).run(script);
        assertThat(held.error()).isNull();
        assertThat(context(held, "irq17").status()).isEqualTo("paused");
        StateView.ContextView unbind = context(held, "unbind");
        assertThat(unbind.status()).isEqualTo("blocked");
        assertThat(unbind.waitingOn()).contains("synchronize_irq");
        assertThat(first(held, "irq-free", "IRQ 17")).isLessThan(first(held, "blocked", "unbind"));
        assertThat(Lab.driverLog(held)).doesNotContain("irq freed");

        RunResult r = Lab.driver(driver("", FREE_IRQ)).device("my_device", 17).run(script + "\ncontinue irq17");
        long handlerReturned = first(r, "return", "lab_irq");
        long woken = first(r, "woken", "unbind");
        assertThat(handlerReturned).isLessThan(woken);
        assertThat(woken).isLessThan(first(r, "dmesg", "irq freed"));
        assertThat(r.state().contexts()).noneMatch(c -> c.name().equals("unbind"));
    }

    @Test
    void freeIrqDoesNotWaitForTheTaskletsTheHandlerScheduled() {
        RunResult r = Lab.driver(driver("", FREE_IRQ))
                .device("my_device", 17)
                .run("break lab_tasklet\ninsmod lab\nirq 17\nunbind my_device");
        assertThat(context(r, "softirq1").status()).isEqualTo("paused");
        assertThat(r.state().contexts()).noneMatch(c -> c.name().equals("unbind"));
        assertThat(Lab.driverLog(r)).contains("irq freed");
        assertThat(events(r, "context-exit", "unbind")).hasSize(1);
    }

    @Test
    void disableIrqMasksTheLineAndEnableIrqReplaysTheInterrupt() {
        RunResult r = Lab.driver(driver("\tdisable_irq(ld->irq);\n", """
                	pr_info("enabling");
                	enable_irq(ld->irq);
                """ + FREE_IRQ))
                .device("my_device", 17)
                .run("insmod lab\nirq 17\nunbind my_device");
        long fired = events(r, "irq-fire").get(0).seq();
        long enabling = first(r, "dmesg", "enabling");
        assertThat(events(r, "enter", "lab_irq"))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.seq()).isGreaterThan(enabling).isGreaterThan(fired));
        assertThat(Lab.driverLog(r)).containsSubsequence("enabling", "irq 17 on cpu 0 hardirq 1", "irq freed");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void anInterruptRaisedWhileItsCpuHasInterruptsOffRunsAtLocalIrqRestore() {
        // one CPU: the replayed interrupt cannot run until the remover turns interrupts back on, and it must not
        // hold the CPU against it meanwhile
        RunResult r = Lab.driver(driver("\tdisable_irq(ld->irq);\n", """
                	unsigned long flags;

                	local_irq_save(flags);
                	enable_irq(ld->irq);
                	pr_info("irqs still off");
                	local_irq_restore(flags);
                	pr_info("restored");
                """ + FREE_IRQ))
                .cpus(1)
                .device("my_device", 17)
                .run("insmod lab\nirq 17\nunbind my_device");
        assertThat(r.error()).isNull();
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsSubsequence("irqs still off", "irq 17 on cpu 0 hardirq 1", "restored", "irq freed");
    }

    @Test
    void aMaskedLineShowsItsDepthAndDoesNotRunTheHandler() {
        RunResult r = Lab.driver(driver("\tdisable_irq(ld->irq);\n", FREE_IRQ))
                .device("my_device", 17)
                .run("insmod lab\nirq 17");
        assertThat(events(r, "enter", "lab_irq")).isEmpty();
        assertThat(r.state().irqs())
                .filteredOn(i -> i.irq() == 17)
                .singleElement()
                .satisfies(i -> assertThat(i.depth()).isEqualTo(1));
        assertThat(Lab.driverLog(r)).noneMatch(l -> l.contains("nobody cared"));
    }

    @Test
    void disableIrqWaitsForARunningHandlerButDisableIrqNosyncDoesNot() {
        RunResult sync = Lab.driver(driver("", "\tdisable_irq(ld->irq);\n\tpr_info(\"disabled\");\n" + FREE_IRQ))
                .device("my_device", 17)
                .run("break lab_irq\ninsmod lab\nirq 17\nunbind my_device");
        assertThat(context(sync, "unbind").status()).isEqualTo("blocked");
        assertThat(context(sync, "unbind").waitingOn()).contains("synchronize_irq");
        assertThat(Lab.driverLog(sync)).doesNotContain("disabled");

        RunResult nosync = Lab.driver(
                        driver("", "\tdisable_irq_nosync(ld->irq);\n\tpr_info(\"disabled\");\n" + FREE_IRQ))
                .device("my_device", 17)
                .run("break lab_irq\ninsmod lab\nirq 17\nunbind my_device");
        assertThat(Lab.driverLog(nosync)).contains("disabled").doesNotContain("irq freed");
        assertThat(context(nosync, "unbind").status()).isEqualTo("blocked");
    }

    @Test
    void enableIrqAtDepthZeroWarnsUnbalancedEnable() {
        RunResult r = Lab.driver(driver("", "\tenable_irq(ld->irq);\n" + FREE_IRQ))
                .device("my_device", 17)
                .run("insmod lab\nunbind my_device");
        assertThat(Lab.driverLog(r)).contains("Unbalanced enable for IRQ 17");
        assertThat(events(r, "warning", "Unbalanced enable for IRQ 17")).hasSize(1);
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).contains("irq freed");
    }

    @Test
    void platformGetIrqWithoutAnIrqFailsWithEnxioAndLogsIt() {
        RunResult r = Lab.driver(driver("", FREE_IRQ)).device("my_device", null).run("insmod lab\nbind my_device");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "my_device my_device: IRQ index 0 not found", "my_device my_device: IRQ index 0 not found");
        assertThat(r.output()).containsExactly("bind: echo: write error: No such device or address");
        assertThat(events(r, "irq-request")).isEmpty();
        assertThat(r.state().devices().get(0).driver()).isNull();
    }

    @Test
    void anInterruptOnALineWhoseHandlerIsInProgressIsPendingAndHandledOnceAfterIt() {
        RunResult r = Lab.driver(driver("", FREE_IRQ))
                .device("my_device", 17)
                .run("insmod lab\nbreak lab_irq\nirq 17\nirq 17\nirq 17\ncontinue irq17\ncontinue irq17");
        assertThat(r.error()).isNull();
        assertThat(events(r, "context-start", "irq17")).hasSize(1);
        assertThat(Lab.driverLog(r))
                .filteredOn(l -> l.startsWith("irq 17 on cpu"))
                .hasSize(2);
        assertThat(events(r, "irq-fire", "pending")).hasSize(2);
    }

    @Test
    void interruptsBeforeTheContextBeganMergeIntoOne() {
        StringBuilder script = new StringBuilder("insmod lab\nschedule manual\n");
        for (int i = 0; i < 5000; i++) script.append("irq 17\n");
        script.append("schedule auto\ncontinue\n");
        RunResult r = Lab.driver(driver("", FREE_IRQ)).device("my_device", 17).run(script.toString());
        assertThat(r.error()).isNull();
        assertThat(events(r, "context-start", "irq17")).hasSize(1);
        assertThat(Lab.driverLog(r))
                .filteredOn(l -> l.startsWith("irq 17 on cpu"))
                .hasSize(1);
    }
}
