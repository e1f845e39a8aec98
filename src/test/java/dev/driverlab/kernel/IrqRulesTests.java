package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
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
    void anIrqNobodyHandlesIsReportedAsNobodyCaredAndIsNoBug() {
        RunResult r = Lab.driver(driver("", FREE_IRQ)).device("my_device", 17).run("irq 17");
        assertThat(Lab.driverLog(r)).containsExactly("irq 17: nobody cared (try booting with the \"irqpoll\" option)");
        assertThat(r.reports()).isEmpty();
        assertThat(r.exitCode()).isZero();
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
