package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/** docs/kernel-model.md, "Tasklets" (kernel/softirq.c): schedule, run, kill, disable, and freed tasklets. */
class TaskletRulesTests {

    /**
     * The seed's shape: a devm_kzalloc'd lab_dev embedding the tasklet, a devm_request_irq'd handler that counts
     * and schedules it (running {@code inHandler} first), and a remove that runs {@code remove}.
     */
    private static String driver(String inHandler, String afterInit, String remove) {
        return Lab.platformDriver("""
                static void lab_tasklet(unsigned long data)
                {
                	struct lab_dev *ld = (struct lab_dev *)data;

                	pr_info("tasklet %d", ld->events);
                }

                static irqreturn_t lab_irq(int irq, void *dev_id)
                {
                	struct lab_dev *ld = dev_id;

                	ld->events++;
                """ + inHandler + """
                	tasklet_schedule(&ld->tasklet);
                	return IRQ_HANDLED;
                }
                """, """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);

                	if (!ld)
                		return -ENOMEM;
                	ld->irq = platform_get_irq(pdev, 0);
                	if (ld->irq < 0)
                		return ld->irq;
                	tasklet_init(&ld->tasklet, lab_tasklet, (unsigned long)ld);
                """ + afterInit + """
                	platform_set_drvdata(pdev, ld);
                	return devm_request_irq(&pdev->dev, ld->irq, lab_irq, 0, "lab", ld);
                """, """
                	struct lab_dev *ld = platform_get_drvdata(pdev);

                """ + remove + """
                	pr_info("remove done");
                	return 0;
                """);
    }

    private static final String KILL = "\ttasklet_kill(&ld->tasklet);\n";

    private static RunResult run(String source, String script) {
        return Lab.driver(source).device("my_device", 17).run(script);
    }

    private static StateView.ContextView context(RunResult r, String name) {
        return r.state().contexts().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no context " + name + " in " + r.state().contexts()));
    }

    @Test
    void aTaskletScheduledFromAnIrqRunsInThatCpusSoftirqAfterTheHardirqReturns() {
        RunResult r = run(driver("", "", ""), "insmod lab\nirq 17\nirq 17 cpu 0");
        assertThat(events(r, "tasklet-start"))
                .extracting(TraceEvent::context, TraceEvent::cpu)
                .containsExactly(tuple("softirq1", 1), tuple("softirq0", 0));
        TraceEvent start = events(r, "tasklet-start").get(0);
        long irqExit = events(r, "context-exit", "irq17").get(0).seq();
        assertThat(first(r, "tasklet-schedule", "scheduled")).isLessThan(irqExit);
        assertThat(start.seq()).isGreaterThan(irqExit);
        assertThat(Lab.driverLog(r)).containsExactly("tasklet 1", "tasklet 2");
    }

    @Test
    void aTaskletScheduledAgainBeforeItRanRunsOnce() {
        // The softirq is held at the entry of tasklet_action_common: the tasklet is queued, SCHED set, not started.
        RunResult r = run(
                driver("", "", ""),
                "insmod lab\nbreak tasklet_action_common\nirq 17\nirq 17\ndelete tasklet_action_common\ncontinue");
        assertThat(r.error()).isNull();
        assertThat(events(r, "irq-fire")).hasSize(2);
        assertThat(events(r, "enter", "lab_irq")).hasSize(2);
        assertThat(events(r, "tasklet-schedule")).hasSize(1);
        assertThat(events(r, "tasklet-start")).hasSize(1);
        assertThat(Lab.driverLog(r)).containsExactly("tasklet 2");
    }

    @Test
    void scheduleTwiceInOneHandlerRunsOnce() {
        RunResult r = run(driver("\ttasklet_schedule(&ld->tasklet);\n", "", ""), "insmod lab\nirq 17");
        assertThat(events(r, "tasklet-schedule")).hasSize(1);
        assertThat(events(r, "tasklet-start")).hasSize(1);
    }

    @Test
    void aTaskletScheduledWhileItRunsRunsAgain() {
        // Once started the SCHED bit is clear, so a new schedule queues it again.
        RunResult r = run(
                driver("", "", ""), "insmod lab\nbreak lab_tasklet\nirq 17\nirq 17\ndelete lab_tasklet\n" + "continue");
        assertThat(events(r, "tasklet-schedule")).hasSize(2);
        assertThat(events(r, "tasklet-start")).hasSize(2);
        assertThat(Lab.driverLog(r)).containsExactly("tasklet 2", "tasklet 2");
    }

    @Test
    void taskletKillWaitsWhileTheTaskletIsScheduledThenReturns() {
        String script = "insmod lab\nbreak tasklet_action_common\nirq 17\nunbind my_device";
        RunResult held = run(driver("", "", KILL), script);
        StateView.ContextView unbind = context(held, "unbind");
        assertThat(unbind.status()).isEqualTo("blocked");
        assertThat(unbind.waitingOn()).contains("tasklet_kill: waiting for the scheduled tasklet");
        assertThat(Lab.driverLog(held)).doesNotContain("remove done");
        assertThat(events(held, "tasklet-kill")).isEmpty();

        RunResult r = run(driver("", "", KILL), script + "\ncontinue softirq1");
        long finished = first(r, "tasklet-finish", "done");
        long woken = first(r, "woken", "unbind");
        long killed = first(r, "tasklet-kill", "killed");
        assertThat(first(r, "tasklet-start", "runs")).isLessThan(finished);
        assertThat(finished).isLessThan(woken);
        assertThat(woken).isLessThan(killed);
        assertThat(killed).isLessThan(first(r, "return", "lab_remove"));
        assertThat(Lab.driverLog(r)).containsSubsequence("tasklet 1", "remove done");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void taskletKillWaitsForARunningTaskletToFinish() {
        String script = "insmod lab\nbreak lab_tasklet\nirq 17\nunbind my_device";
        RunResult held = run(driver("", "", KILL), script);
        assertThat(context(held, "unbind").status()).isEqualTo("blocked");
        assertThat(context(held, "unbind").waitingOn()).contains("tasklet_kill: waiting for the running tasklet");

        RunResult r = run(driver("", "", KILL), script + "\ncontinue softirq1");
        assertThat(first(r, "tasklet-finish", "done")).isLessThan(first(r, "tasklet-kill", "killed"));
        assertThat(Lab.driverLog(r)).containsSubsequence("tasklet 1", "remove done");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void anIrqAfterTaskletKillSchedulesTheTaskletAgain() {
        RunResult r = run(driver("", "", KILL), "insmod lab\nbreak devres_release_all\nunbind my_device\nirq 17");
        long killed = first(r, "tasklet-kill", "killed");
        assertThat(context(r, "unbind").status()).isEqualTo("paused");
        assertThat(first(r, "tasklet-schedule", "scheduled")).isGreaterThan(killed);
        assertThat(first(r, "tasklet-start", "runs")).isGreaterThan(killed);
        assertThat(Lab.driverLog(r)).containsSubsequence("remove done", "tasklet 1");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void aDisabledTaskletWaitsForTaskletEnableAndANewSoftirqRun() {
        // The first IRQ schedules the disabled tasklet; the second enables it (in the handler) before the softirq.
        String src = driver(
                "\tif (ld->events == 2)\n\t\ttasklet_enable(&ld->tasklet);\n",
                "\ttasklet_disable(&ld->tasklet);\n",
                "");
        RunResult once = run(src, "insmod lab\nirq 17");
        assertThat(events(once, "tasklet-schedule")).hasSize(1);
        assertThat(events(once, "tasklet-start")).isEmpty();
        assertThat(Lab.driverLog(once)).isEmpty();

        RunResult r = run(src, "insmod lab\nirq 17\nirq 17");
        assertThat(events(r, "tasklet-schedule"))
                .as("still scheduled: not queued again")
                .hasSize(1);
        assertThat(events(r, "tasklet-start"))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.seq())
                        .isGreaterThan(events(r, "irq-fire").get(1).seq()));
        assertThat(Lab.driverLog(r)).containsExactly("tasklet 2");
    }

    @Test
    void killingAScheduledButDisabledTaskletNeverReturns() {
        RunResult r = run(
                driver("", "\ttasklet_disable(&ld->tasklet);\n", KILL), "insmod lab\nirq 17\nunbind my_device\nirq 17");
        assertThat(context(r, "unbind").status()).isEqualTo("blocked");
        assertThat(context(r, "unbind").waitingOn()).contains("tasklet_kill: waiting for the scheduled tasklet");
        assertThat(events(r, "tasklet-start")).isEmpty();
        assertThat(Lab.driverLog(r)).doesNotContain("remove done");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void aPendingTaskletWhoseMemoryIsFreedFaultsFirstInTaskletActionCommon() {
        RunResult r = run(
                driver("", "", ""),
                "insmod lab\nbreak tasklet_action_common\nirq 17\nunbind my_device\ncontinue softirq1");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("use-after-free");
        assertThat(report.title()).startsWith("BUG: KASAN: use-after-free in tasklet_action_common+");
        assertThat(report.context()).isEqualTo("softirq1");
        assertThat(report.function()).isEqualTo("tasklet_action_common");
        assertThat(report.text()).contains("Freed by task", "devres_release_all");
        assertThat(events(r, "enter", "lab_tasklet")).isEmpty();
    }

    @Test
    void aTaskletThatAlreadyStartedBeforeTheFreeFaultsFirstInTheDriverFunction() {
        RunResult r = run(driver("", "", ""), "insmod lab\nbreak lab_tasklet\nirq 17\nunbind my_device\ncontinue");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("use-after-free");
        assertThat(report.title())
                .startsWith("BUG: KASAN: use-after-free in lab_tasklet+")
                .endsWith("[lab]");
        assertThat(report.context()).isEqualTo("softirq1");
    }

    @Test
    void taskletKillFromAnIrqHandlerLogsAttemptToKillTaskletFromInterrupt() {
        RunResult r = run(driver("\ttasklet_kill(&ld->tasklet);\n", "", ""), "insmod lab\nirq 17");
        assertThat(Lab.driverLog(r)).startsWith("Attempt to kill tasklet from interrupt");
        assertThat(r.reports()).isEmpty();
        assertThat(events(r, "tasklet-start")).hasSize(1);
    }

    @Test
    void taskletSetupPassesTheTaskletAndFromTaskletFindsItsContainer() {
        String src = Lab.platformDriver("""
                static void lab_callback(struct tasklet_struct *t)
                {
                	struct lab_dev *ld = from_tasklet(ld, t, tasklet);

                	pr_info("callback %d", ld->n);
                }

                static irqreturn_t lab_irq(int irq, void *dev_id)
                {
                	struct lab_dev *ld = dev_id;

                	tasklet_schedule(&ld->tasklet);
                	return IRQ_HANDLED;
                }
                """, """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);

                	if (!ld)
                		return -ENOMEM;
                	ld->n = 7;
                	tasklet_setup(&ld->tasklet, lab_callback);
                	return devm_request_irq(&pdev->dev, 17, lab_irq, 0, "lab", ld);
                """, "\treturn 0;");
        RunResult r = run(src, "insmod lab\nirq 17");
        assertThat(Lab.driverLog(r)).containsExactly("callback 7");
        assertThat(events(r, "enter", "lab_callback"))
                .singleElement()
                .satisfies(e -> assertThat(e.context()).isEqualTo("softirq1"));
    }
}
