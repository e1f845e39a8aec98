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

/** docs/kernel-model.md, "Modules" (kernel/module/main.c): load, refcount, delete_module, unload. */
class ModuleRulesTests {

    private static String module(String globals, String initBody, String exitBody) {
        return "#include <linux/module.h>\n\n" + globals + """

                static int __init lab_init(void)
                {
                """ + initBody.stripTrailing() + """

                }

                static void __exit lab_exit(void)
                {
                """
                + exitBody.stripTrailing() + """

                }

                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """;
    }

    private static final String PLAIN = module("", "\tpr_info(\"init\");\n\treturn 0;", "\tpr_info(\"exit\");");

    private static StateView.ModuleView lab(RunResult r) {
        return r.state().modules().stream()
                .filter(m -> m.name().equals("lab"))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no module lab in " + r.state().modules()));
    }

    @Test
    void insmodTakesTheModuleFromComingToLiveAroundItsInit() {
        RunResult r = Lab.driver(PLAIN).run("insmod lab");
        assertThat(events(r, "module-state"))
                .extracting(TraceEvent::text)
                .containsExactly("lab: UNFORMED -> COMING", "lab: COMING -> LIVE");
        long coming = first(r, "module-state", "-> COMING");
        long live = first(r, "module-state", "-> LIVE");
        assertThat(first(r, "enter", "lab_init")).isBetween(coming, live);
        assertThat(first(r, "return", "lab_init")).isBetween(coming, live);
        assertThat(lab(r).state()).isEqualTo("LIVE");
        assertThat(lab(r).refcount()).isZero();
        assertThat(r.output()).isEmpty();
    }

    @Test
    void aFailingInitFailsInsmodWithItsErrnoAndLeavesNoLiveModule() {
        RunResult r = Lab.driver(module("", "\tpr_info(\"init\");\n\treturn -ENOMEM;", "\tpr_info(\"exit\");"))
                .run("insmod lab\nlsmod\nrmmod lab");
        assertThat(r.output())
                .containsExactly(
                        "insmod: ERROR: could not insert module lab.ko: Cannot allocate memory",
                        "Module                  Size  Used by",
                        "rmmod: ERROR: Module lab is not currently loaded");
        assertThat(events(r, "module-state"))
                .extracting(TraceEvent::text)
                .containsExactly("lab: UNFORMED -> COMING", "lab: COMING -> GOING", "lab: GOING -> UNLOADED");
        assertThat(events(r, "enter", "lab_exit"))
                .as("exit does not run after a failed init")
                .isEmpty();
        assertThat(r.state().modules()).noneMatch(m -> m.state().equals("LIVE"));
        assertThat(Lab.driverLog(r)).containsExactly("init");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void insmodOfAModuleAlreadyLoadedFailsWithFileExists() {
        RunResult r = Lab.driver(PLAIN).run("insmod lab\ninsmod lab");
        assertThat(r.output()).containsExactly("insmod: ERROR: could not insert module lab.ko: File exists");
        assertThat(Lab.driverLog(r)).containsExactly("init");
    }

    @Test
    void tryModuleGetAndModulePutMoveTheCountAndLsmodShowsIt() {
        RunResult r = Lab.driver(module("", """
                	bool got = try_module_get(THIS_MODULE);

                	__module_get(THIS_MODULE);
                	module_put(THIS_MODULE);
                	pr_info("got %d count %d", got, module_refcount(THIS_MODULE));
                	return 0;
                """, "")).run("insmod lab\nlsmod");
        assertThat(Lab.driverLog(r)).containsExactly("got 1 count 1");
        assertThat(events(r, "refcount"))
                .extracting(TraceEvent::from, TraceEvent::to)
                .containsExactly(tuple(0L, 1L), tuple(1L, 2L), tuple(2L, 1L));
        assertThat(r.output()).hasSize(2);
        assertThat(r.output().get(1)).matches("lab +\\d+  1");
        assertThat(lab(r).refcount()).isEqualTo(1);
    }

    @Test
    void rmmodOfAModuleInUseFailsAndChangesNothing() {
        RunResult r = Lab.driver(module("", """
                	if (!try_module_get(THIS_MODULE))
                		return -EBUSY;
                	return 0;
                """, "\tpr_info(\"exit\");")).run("insmod lab\nrmmod lab");
        assertThat(r.output()).containsExactly("rmmod: ERROR: Module lab is in use");
        assertThat(lab(r).state()).isEqualTo("LIVE");
        assertThat(lab(r).refcount()).isEqualTo(1);
        assertThat(events(r, "enter", "lab_exit")).isEmpty();
        assertThat(events(r, "module-state", "GOING")).isEmpty();
        assertThat(Lab.driverLog(r)).isEmpty();
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void rmmodRunsExitInGoingThenFreesTheModule() {
        RunResult r = Lab.driver(PLAIN).run("insmod lab\nrmmod lab\nlsmod");
        long going = first(r, "module-state", "LIVE -> GOING");
        long exit = first(r, "enter", "lab_exit");
        long exitReturn = first(r, "return", "lab_exit");
        long freed = first(r, "free", "module lab");
        long unloaded = first(r, "module-state", "GOING -> UNLOADED");
        assertThat(going).isLessThan(exit);
        assertThat(exitReturn).isLessThan(freed);
        assertThat(freed).isLessThan(unloaded);
        assertThat(Lab.driverLog(r)).containsExactly("init", "exit");
        assertThat(r.output()).containsExactly("Module                  Size  Used by");
        assertThat(lab(r).state()).isEqualTo("UNLOADED");
    }

    @Test
    void aModuleCanBeLoadedAgainAfterRmmodWithFreshData() {
        RunResult r = Lab.driver(
                        module("static int loads;\n", "\tloads++;\n\tpr_info(\"loads %d\", loads);\n\treturn 0;", ""))
                .run("insmod lab\nrmmod lab\ninsmod lab\nlsmod");
        assertThat(Lab.driverLog(r)).containsExactly("loads 1", "loads 1");
        assertThat(events(r, "module-state", "COMING -> LIVE")).hasSize(2);
        assertThat(r.output()).hasSize(2);
        assertThat(r.output().get(1)).matches("lab +\\d+  0");
        assertThat(r.state().modules())
                .filteredOn(m -> m.state().equals("LIVE"))
                .hasSize(1);
    }

    @Test
    void tryModuleGetFailsOnceTheModuleIsGoing() {
        RunResult r = Lab.driver(module("", "\treturn 0;", "\tpr_info(\"exit get %d\", try_module_get(THIS_MODULE));"))
                .run("insmod lab\nrmmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("exit get 0");
        assertThat(events(r, "refcount")).isEmpty();
    }

    @Test
    void rmmodOfAModuleThatIsNotLiveYetFailsWithEbusy() {
        RunResult r = Lab.driver(PLAIN).run("break lab_init\ninsmod lab\nrmmod lab");
        assertThat(r.output()).containsExactly("rmmod: ERROR: could not remove module lab: Device or resource busy");
        assertThat(lab(r).state()).isEqualTo("COMING");
        assertThat(events(r, "enter", "lab_exit")).isEmpty();
    }

    @Test
    void aModuleWithInitButNoExitCannotBeRemoved() {
        RunResult r = Lab.driver("""
                #include <linux/module.h>
                static int __init lab_init(void)
                {
                	return 0;
                }
                module_init(lab_init);
                """).run("insmod lab\nrmmod lab");
        assertThat(r.output()).containsExactly("rmmod: ERROR: could not remove module lab: Device or resource busy");
        assertThat(lab(r).state()).isEqualTo("LIVE");
    }

    @Test
    void aBoundDriverHoldsNoModuleReferenceAndExitUnbindsItsDevices() {
        String src = Lab.platformDriver("", """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);

                	if (!ld)
                		return -ENOMEM;
                	platform_set_drvdata(pdev, ld);
                	return 0;
                """, """
                	pr_info("remove");
                	return 0;
                """);
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nlsmod\nrmmod lab");
        assertThat(r.output()).hasSize(2).first().isEqualTo("Module                  Size  Used by");
        assertThat(r.output().get(1)).matches("lab +\\d+  0");
        long remove = first(r, "enter", "lab_remove");
        long release = first(r, "devres-release", "devm_kzalloc");
        long unbound = first(r, "unbound", "my_device");
        long unloaded = first(r, "module-state", "-> UNLOADED");
        assertThat(first(r, "module-state", "LIVE -> GOING")).isLessThan(remove);
        assertThat(remove).isLessThan(release);
        assertThat(release).isLessThan(unbound);
        assertThat(unbound).isLessThan(unloaded);
        assertThat(events(r, "context-start")).extracting(TraceEvent::context).containsExactly("insmod", "rmmod");
        assertThat(r.state().devices()).singleElement().satisfies(d -> {
            assertThat(d.driver()).isNull();
            assertThat(d.devres()).isEmpty();
        });
        assertThat(Lab.driverLog(r)).containsExactly("remove");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void callingCodeOfAnUnloadedModuleOopsesOnTheInstructionFetch() {
        RunResult r = Lab.driver(module(
                        """
                static int cookie;

                static irqreturn_t lab_irq(int irq, void *dev_id)
                {
                	return IRQ_HANDLED;
                }
                """,
                        "\treturn request_irq(17, lab_irq, 0, \"lab\", &cookie);",
                        "\tpr_info(\"exit without free_irq\");"))
                .run("insmod lab\nrmmod lab\nirq 17\nlsmod");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("oops");
        assertThat(report.title()).startsWith("BUG: unable to handle page fault for address: ");
        assertThat(report.text())
                .contains(
                        "#PF: supervisor instruction fetch in kernel mode",
                        "#PF: error_code(0x0010) - not-present page",
                        "Oops: 0010 [#1] PREEMPT SMP",
                        "[last unloaded: lab(O)]");
        assertThat(report.context()).isEqualTo("irq17");
        assertThat(r.output()).as("lsmod after the oops does not run").isEmpty();
        assertThat(r.state().tainted()).isTrue();
    }
}
