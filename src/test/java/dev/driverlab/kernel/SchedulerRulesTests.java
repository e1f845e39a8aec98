package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * The script commands and the scheduling policy: breakpoints, step/continue, context naming, lsmod/dmesg, which
 * CPU runs what, and a CPU's lower levels held while a higher one is active.
 */
class SchedulerRulesTests {

    private static final String DRIVER = Lab.platformDriver("""
            static irqreturn_t lab_irq(int irq, void *dev_id)
            {
            	pr_info("irq");
            	return IRQ_HANDLED;
            }
            """, """
            	int err;

            	pr_info("probe start");
            	err = devm_request_irq(&pdev->dev, 17, lab_irq, 0, "lab", pdev);
            	pr_info("probe end"); /* marker */
            	return err;
            """, """
            	pr_info("remove");
            	return 0;
            """);

    private static Lab lab() {
        return Lab.driver(DRIVER).device("my_device", 17);
    }

    private static StateView.ContextView context(RunResult r, String name) {
        return r.state().contexts().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no context " + name + " in " + r.state().contexts()));
    }

    @Test
    void breakOnAFunctionPausesOnEnteringItBeforeItsFirstStatement() {
        RunResult r = lab().run("break lab_probe\ninsmod lab");
        StateView.ContextView insmod = context(r, "insmod");
        assertThat(insmod.status()).isEqualTo("paused");
        assertThat(insmod.pausedAt()).isEqualTo("breakpoint at lab_probe");
        assertThat(insmod.stack().get(0).function()).isEqualTo("lab_probe");
        assertThat(events(r, e -> "lab_probe".equals(e.function()) && e.kind().equals("statement")))
                .isEmpty();
        assertThat(events(r, "paused"))
                .singleElement()
                .satisfies(e -> assertThat(e.function()).isEqualTo("lab_probe"));
        assertThat(Lab.driverLog(r)).isEmpty();
        assertThat(r.state().modules().get(0).state()).isEqualTo("COMING");
        assertThat(r.state().breakpoints()).containsExactly("lab_probe");

        RunResult resumed = lab().run("break lab_probe\ninsmod lab\ncontinue insmod");
        assertThat(Lab.driverLog(resumed)).containsExactly("probe start", "probe end");
        assertThat(resumed.state().contexts()).isEmpty();
        assertThat(events(resumed, "resumed")).hasSize(1);
    }

    @Test
    void breakOnALinePausesBeforeThatLineRuns() {
        int line = Lab.lineOf(DRIVER, "/* marker */");
        RunResult r = lab().run("break " + line + "\ninsmod lab");
        StateView.ContextView insmod = context(r, "insmod");
        assertThat(insmod.status()).isEqualTo("paused");
        assertThat(insmod.pausedAt()).isEqualTo("breakpoint at line " + line);
        assertThat(insmod.stack().get(0).function()).isEqualTo("lab_probe");
        assertThat(Lab.driverLog(r)).containsExactly("probe start");

        RunResult resumed = lab().run("break " + line + "\ninsmod lab\ncontinue insmod");
        assertThat(Lab.driverLog(resumed)).containsExactly("probe start", "probe end");
    }

    @Test
    void aContextPausedAtALineBreakpointShowsThatLineAsItsPosition() {
        int line = Lab.lineOf(DRIVER, "/* marker */");
        RunResult r = lab().run("break " + line + "\ninsmod lab");
        assertThat(context(r, "insmod").stack().get(0).line())
                .as("the top frame's line in the state view")
                .isEqualTo(line);
        assertThat(events(r, "paused"))
                .singleElement()
                .satisfies(e -> assertThat(e.line()).isEqualTo(line));
    }

    @Test
    void deleteRemovesABreakpoint() {
        RunResult r = lab().run("break lab_probe\ndelete lab_probe\ninsmod lab");
        assertThat(events(r, "paused")).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("probe start", "probe end");
        assertThat(r.state().breakpoints()).isEmpty();

        RunResult missing = lab().run("delete lab_probe");
        assertThat(missing.error()).isEqualTo("script:1: error: no breakpoint on lab_probe");
        assertThat(missing.exitCode()).isEqualTo(2);
    }

    @Test
    void breakOnAnUnknownFunctionOrALineOutsideTheSourceIsAnError() {
        assertThat(lab().run("insmod lab\nbreak no_such_function").error())
                .isEqualTo("script:2: error: no function named 'no_such_function'");
        assertThat(lab().run("break 100000").error()).startsWith("script:1: error: line 100000 is outside the source");
    }

    @Test
    void stepRunsExactlyNStepsOfThePausedContextAndStaysPaused() {
        RunResult paused = lab().run("break lab_probe\ninsmod lab");
        RunResult r = lab().run("break lab_probe\ninsmod lab\nstep insmod 3");
        assertThat(r.error()).isNull();
        assertThat(r.steps()).isEqualTo(paused.steps() + 3);
        assertThat(context(r, "insmod").status()).isEqualTo("paused");
        assertThat(events(r, e -> e.step() > paused.steps()))
                .allSatisfy(e -> assertThat(e.context()).isIn("insmod", ""));
        assertThat(Lab.driverLog(r)).containsExactly("probe start");

        RunResult one = lab().run("break lab_probe\ninsmod lab\nstep insmod");
        assertThat(one.steps()).isEqualTo(paused.steps() + 1);
        assertThat(context(one, "insmod").status()).isEqualTo("paused");

        RunResult resumed = lab().run("break lab_probe\ninsmod lab\nstep insmod 3\ncontinue insmod");
        assertThat(Lab.driverLog(resumed)).containsExactly("probe start", "probe end");
    }

    @Test
    void aSteppedContextIsPausedAsSteppedNotAtItsOldBreakpoint() {
        RunResult r = lab().run("break lab_probe\ninsmod lab\nstep insmod 3");
        assertThat(context(r, "insmod").pausedAt()).isEqualTo("stepped");
        assertThat(events(r, "paused"))
                .extracting(TraceEvent::text)
                .containsExactly("breakpoint at lab_probe", "stepped");
    }

    @Test
    void continueWithNoPausedContextIsANoOp() {
        RunResult r = lab().run("insmod lab\ncontinue\nlsmod");
        assertThat(r.error()).isNull();
        assertThat(r.output()).hasSize(2);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void continueOrStepOfAContextThatIsNotPausedIsAnErrorNamingTheLine() {
        RunResult r = lab().run("insmod lab\n\n# a comment\ncontinue unbind\nlsmod");
        assertThat(r.error()).isEqualTo("script:4: error: context 'unbind' is not paused (no context is paused)");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).as("the run stops at the error").isEmpty();

        RunResult step = lab().run("break lab_probe\ninsmod lab\nstep unbind 2");
        assertThat(step.error()).isEqualTo("script:3: error: context 'unbind' is not paused (paused: insmod)");
    }

    @Test
    void aSecondRmmodAliveAtTheSameTimeIsNamedRmmodHash2() {
        RunResult r = lab().run("insmod lab\nbreak lab_remove\nrmmod lab\nrmmod lab");
        assertThat(events(r, "context-start"))
                .extracting(TraceEvent::context)
                .containsExactly("insmod", "rmmod", "rmmod#2");
        assertThat(context(r, "rmmod").status()).isEqualTo("paused");
        assertThat(r.output()).containsExactly("rmmod: ERROR: could not remove module lab: Device or resource busy");
        assertThat(events(r, "context-exit", "rmmod#2")).hasSize(1);

        RunResult later = lab().run("insmod lab\nunbind my_device\nbind my_device");
        assertThat(events(later, "context-start"))
                .extracting(TraceEvent::context)
                .as("a name is reused once its context is gone")
                .containsExactly("insmod", "unbind", "bind");
    }

    @Test
    void lsmodPrintsTheHeaderAndEachModuleWithItsUseCount() {
        RunResult r = Lab.init("", "\ttry_module_get(THIS_MODULE);").run("lsmod\ninsmod lab\nlsmod");
        assertThat(r.output()).hasSize(3);
        assertThat(r.output().get(0)).isEqualTo("Module                  Size  Used by");
        assertThat(r.output().get(1)).isEqualTo("Module                  Size  Used by");
        assertThat(r.output().get(2)).matches("lab {17,}\\d+  1");
    }

    @Test
    void dmesgPrintsTheKernelLog() {
        RunResult r = lab().run("insmod lab\ndmesg");
        assertThat(r.output()).containsExactly("lab" + Lab.OUT_OF_TREE, "probe start", "probe end");
        assertThat(r.output()).isEqualTo(r.dmesg());
    }

    @Test
    void processesRunOnCpu0AndAnIrqDefaultsToTheLastCpu() {
        RunResult r = lab().cpus(3).run("insmod lab\nirq 17\nirq 17 cpu 0");
        assertThat(events(r, "context-start"))
                .extracting(TraceEvent::context, TraceEvent::cpu)
                .containsExactly(tuple("insmod", 0), tuple("irq17", 2), tuple("irq17", 0));
        assertThat(lab().run("irq 17 cpu 2").error()).isEqualTo("script:1: error: no CPU 2 (this world has 2)");
    }

    @Test
    void eachCommandRunsEveryRunnableContextToQuiescence() {
        RunResult r = lab().run("insmod lab\nirq 17\nunbind my_device");
        assertThat(r.state().contexts()).isEmpty();
        assertThat(first(r, "context-exit", "insmod")).isLessThan(first(r, "command", "irq 17"));
        assertThat(first(r, "context-exit", "irq17")).isLessThan(first(r, "command", "unbind my_device"));
        assertThat(Lab.driverLog(r)).containsExactly("probe start", "probe end", "irq", "remove");
    }

    @Test
    void aPausedHardirqHoldsItsCpuSoAProcessThereCannotRun() {
        RunResult held = lab().run("insmod lab\nbreak lab_irq\nirq 17 cpu 0\nunbind my_device");
        assertThat(context(held, "irq17").status()).isEqualTo("paused");
        StateView.ContextView unbind = context(held, "unbind");
        assertThat(unbind.status()).isEqualTo("runnable");
        assertThat(events(held, e -> "unbind".equals(e.context()) && e.kind().equals("statement")))
                .isEmpty();

        // on the other CPU the process runs: remove, then devres' free_irq waits for the paused handler
        RunResult other = lab().run("insmod lab\nbreak lab_irq\nirq 17 cpu 1\nunbind my_device");
        assertThat(Lab.driverLog(other)).contains("remove");
        assertThat(context(other, "unbind").status()).isEqualTo("blocked");

        RunResult r = lab().run("insmod lab\nbreak lab_irq\nirq 17 cpu 0\nunbind my_device\ncontinue irq17");
        assertThat(first(r, "context-exit", "irq17")).isLessThan(first(r, "enter", "lab_remove"));
        assertThat(r.state().contexts()).isEmpty();
    }
}
