package dev.driverlab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Engine;
import dev.driverlab.kernel.Lab;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drivers the explorer was never tuned on, each a bug real drivers have and its fix: the unreduced search (one
 * transition a step, the ground truth) finds the bug, the reduced searches find the same report at the same
 * shortest length in transitions (sleep sets against the local-step search, which prunes nothing but equal states),
 * the schedule replays to that report, and every fixed twin is clean over the whole bounded space with and without
 * the reductions; in the listed event order, with {@code --permute --cpus}, and for a search derived from a script.
 */
class HiddenDriverTests {
    /** Deep enough for the unreduced search to end every schedule: a cut would be incomplete, never a verdict. */
    private static final Explorer.Bounds BOUNDS = new Explorer.Bounds(2000, 200_000, 120_000);

    private static final ExploreRunner.Options PERMUTE_CPUS = new ExploreRunner.Options(true, true);

    record Pair(String name, Lab buggy, Lab fixed, String setup, List<String> events) {}

    private static ExploreResult explore(
            Lab lab, String setup, List<String> events, ExploreRunner.Options o, Explorer.Reduction r) {
        return ExploreRunner.explore(lab.scenario(setup), setup, events, o, r, BOUNDS, null, () -> false);
    }

    /** The buggy driver's shortest crash and the fixed twin's proof, under each reduction ({@code NONE} if asked). */
    private static void check(Pair p, ExploreRunner.Options o, boolean unreduced) {
        String as = p.name() + " " + o;
        ExploreResult local = explore(p.buggy(), p.setup(), p.events(), o, Explorer.Reduction.LOCAL_STEPS);
        ExploreResult sleep = explore(p.buggy(), p.setup(), p.events(), o, Explorer.Reduction.SLEEP_SETS);
        assertThat(local.verdict())
                .as(as + ": " + local.incompleteBecause())
                .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
        assertThat(sleep.verdict())
                .as(as + ": " + sleep.incompleteBecause())
                .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
        assertThat(sleep.report().title()).as(as).isEqualTo(local.report().title());
        assertThat(sleep.scheduleLength()).as(as + " shortest in transitions").isEqualTo(local.scheduleLength());
        if (unreduced) {
            ExploreResult none = explore(p.buggy(), p.setup(), p.events(), o, Explorer.Reduction.NONE);
            assertThat(none.verdict())
                    .as(as + " unreduced: " + none.incompleteBecause())
                    .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
            assertThat(sleep.report().title()).as(as).isEqualTo(none.report().title());
            // a transition is at least one step: the unreduced schedule is never shorter in choices
            assertThat(none.scheduleLength()).as(as).isGreaterThanOrEqualTo(sleep.scheduleLength());
        }
        for (ExploreResult found : List.of(local, sleep)) {
            RunResult replay = ScenarioRunner.run(
                    p.buggy().scenario(p.setup()),
                    "found",
                    ScriptParser.parse("found", String.join("\n", found.script())),
                    Engine.DEFAULT_MAX_STEPS,
                    true);
            assertThat(replay.reports()).as(as + " replay of " + found.script()).isNotEmpty();
            assertThat(replay.reports().get(0).title())
                    .as(as)
                    .isEqualTo(found.report().title());
            // the replay's trace reaches the report: it is the trace's own event
            assertThat(replay.trace().get((int) replay.reports().get(0).seq()).kind())
                    .as(as)
                    .isEqualTo("report");
        }
        List<Explorer.Reduction> proofs = unreduced
                ? List.of(Explorer.Reduction.NONE, Explorer.Reduction.LOCAL_STEPS, Explorer.Reduction.SLEEP_SETS)
                : List.of(Explorer.Reduction.LOCAL_STEPS, Explorer.Reduction.SLEEP_SETS);
        Integer states = null;
        for (Explorer.Reduction r : proofs) {
            ExploreResult clean = explore(p.fixed(), p.setup(), p.events(), o, r);
            assertThat(clean.verdict())
                    .as(as + " fixed " + r + ": " + clean.incompleteBecause() + " " + clean.script())
                    .isEqualTo(ExploreResult.Verdict.NO_CRASH);
            // sleep sets keep every state the local-step search sees
            if (r == Explorer.Reduction.SLEEP_SETS)
                assertThat(clean.states()).as(as).isEqualTo(states);
            states = clean.states();
        }
    }

    private static void check(Pair p) {
        check(p, ExploreRunner.Options.IN_ORDER, true);
        check(p, PERMUTE_CPUS, true);
    }

    /** The same pair as a scenario with no declared search: the events are its script's, opens included. */
    private static void derived(Pair p) {
        String script = p.setup() + "\n" + String.join("\n", p.events());
        Scenario buggy = p.buggy().scenario(script);
        Scenario fixed = p.fixed().scenario(script);
        assertThat(buggy.search().events())
                .as(p.name())
                .hasSizeGreaterThan(p.events().size());
        ExploreResult found = ExploreRunner.explore(
                buggy, ExploreRunner.defaultSetup(buggy), buggy.search().events(), BOUNDS, null, () -> false);
        assertThat(found.verdict())
                .as(p.name() + " derived: " + found.incompleteBecause())
                .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
        ExploreResult clean = ExploreRunner.explore(
                fixed, ExploreRunner.defaultSetup(fixed), fixed.search().events(), BOUNDS, null, () -> false);
        assertThat(clean.verdict())
                .as(p.name() + " derived fixed: " + clean.incompleteBecause())
                .isEqualTo(ExploreResult.Verdict.NO_CRASH);
    }

    // ---------------------------------------------------------------- drivers

    /** A platform driver with its IRQ requested in probe and freed first in remove, then {@code teardown}. */
    static String irqDriver(String extra, String probeExtra, String teardown) {
        return Lab.platformDriver(
                "#include <linux/timer.h>\n#include <linux/jiffies.h>\n#include <linux/slab.h>\n"
                        + "#include <linux/workqueue.h>\n#include <linux/spinlock.h>\n\n"
                        + extra,
                """
                	struct lab_dev *ld = devm_kzalloc(&pdev->dev, sizeof(*ld), GFP_KERNEL);
                	int err;

                	if (!ld)
                		return -ENOMEM;
                	ld->irq = platform_get_irq(pdev, 0);
                """ + probeExtra + """
                	platform_set_drvdata(pdev, ld);
                	err = request_irq(ld->irq, lab_irq, 0, "my_device", ld);
                	if (err)
                		return err;
                	return 0;
                """,
                """
                	struct lab_dev *ld = platform_get_drvdata(pdev);

                	free_irq(ld->irq, ld);
                """ + teardown + """
                	return 0;
                """);
    }

    static final String BEAT = """
            static struct timer_list beat;
            static struct lab_dev *beat_dev;

            static void lab_beat(struct timer_list *t)
            {
            	beat_dev->events++;
            	mod_timer(&beat, jiffies + 1);
            }

            static irqreturn_t lab_irq(int irq, void *data)
            {
            	struct lab_dev *ld = data;

            	ld->n++;
            	mod_timer(&beat, jiffies + 1);
            	return IRQ_HANDLED;
            }
            """;

    @Test
    void timer() {
        String probe = "\ttimer_setup(&beat, lab_beat, 0);\n\tbeat_dev = ld;\n";
        check(new Pair(
                "timer del_timer",
                Lab.driver(irqDriver(BEAT, probe, "\tdel_timer(&beat);\n"))
                        .cpus(2)
                        .device("my_device", 17),
                Lab.driver(irqDriver(BEAT, probe, "\tdel_timer_sync(&beat);\n"))
                        .cpus(2)
                        .device("my_device", 17),
                "insmod lab\nirq 17",
                List.of("tick 1", "unbind my_device", "tick 1")));
    }

    static final String WORK = """
            static struct work_struct kick;
            static struct lab_dev *kick_dev;

            static void lab_kick(struct work_struct *w)
            {
            	kick_dev->events++;
            }

            static irqreturn_t lab_irq(int irq, void *data)
            {
            	struct lab_dev *ld = data;

            	ld->n++;
            	schedule_work(&kick);
            	return IRQ_HANDLED;
            }
            """;

    @Test
    void work() {
        String probe = "\tINIT_WORK(&kick, lab_kick);\n\tkick_dev = ld;\n";
        check(new Pair(
                "cancel_work",
                Lab.driver(irqDriver(WORK, probe, "\tcancel_work(&kick);\n"))
                        .cpus(2)
                        .device("my_device", 17),
                Lab.driver(irqDriver(WORK, probe, "\tcancel_work_sync(&kick);\n"))
                        .cpus(2)
                        .device("my_device", 17),
                "insmod lab",
                List.of("irq 17", "unbind my_device")));
    }

    static final String IRQ_LOCK = """
            static DEFINE_SPINLOCK(lab_lock);

            static irqreturn_t lab_irq(int irq, void *data)
            {
            	struct lab_dev *ld = data;

            	spin_lock(&lab_lock);
            	ld->n++;
            	spin_unlock(&lab_lock);
            	return IRQ_HANDLED;
            }
            """;

    @Test
    void irqLock() {
        check(new Pair(
                "spin_lock vs irq",
                Lab.driver(irqDriver(
                                IRQ_LOCK,
                                "",
                                "\tspin_lock(&lab_lock);\n\tld->events = ld->n;\n\tspin_unlock(&lab_lock);\n"))
                        .cpus(2)
                        .device("my_device", 17),
                Lab.driver(irqDriver(
                                IRQ_LOCK,
                                "",
                                "\tunsigned long flags;\n\tspin_lock_irqsave(&lab_lock, flags);\n\tld->events = ld->n;\n"
                                        + "\tspin_unlock_irqrestore(&lab_lock, flags);\n"))
                        .cpus(2)
                        .device("my_device", 17),
                "insmod lab",
                List.of("irq 17", "unbind my_device")));
    }

    /** A module with /proc/lab: {@code globals}, then read and write handlers with the given bodies. */
    static String proc(String globals, String read, String write, String init, String exit) {
        return """
                #include <linux/module.h>
                #include <linux/proc_fs.h>
                #include <linux/slab.h>
                #include <linux/spinlock.h>
                #include <linux/workqueue.h>
                #include <linux/rcupdate.h>

                static struct proc_dir_entry *entry;
                """ + globals + """

                static ssize_t lab_read(struct file *file, char __user *ubuf, size_t len, loff_t *off)
                {
                """ + read + """
                }

                static ssize_t lab_write(struct file *file, const char __user *ubuf, size_t len, loff_t *off)
                {
                """ + write + """
                }

                static const struct proc_ops lab_ops = {
                	.proc_read = lab_read,
                	.proc_write = lab_write,
                };

                static int __init lab_init(void)
                {
                """ + init + """
                	entry = proc_create("lab", 0666, NULL, &lab_ops);
                	return 0;
                }

                static void __exit lab_exit(void)
                {
                	proc_remove(entry);
                """ + exit + """
                }
                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """;
    }

    static final String TWO = "insmod lab\nopen /proc/lab as a on cpu 0\nopen /proc/lab as b on cpu 1";

    static String flushDriver(String exit) {
        return proc("""
                static int kicks;
                static void lab_kick(struct work_struct *w)
                {
                	kicks++;
                }
                static DECLARE_WORK(kick, lab_kick);
                """, "\treturn 0;\n", "\tschedule_work(&kick);\n\treturn len;\n", "", exit);
    }

    @Test
    void flush() {
        Pair p = new Pair(
                "flush_scheduled_work",
                Lab.driver(flushDriver("")).cpus(2),
                Lab.driver(flushDriver("\tflush_scheduled_work();\n")).cpus(2),
                "insmod lab\nopen /proc/lab as a on cpu 1",
                List.of("write a 1", "rmmod lab"));
        check(p, ExploreRunner.Options.IN_ORDER, true);
        check(p, PERMUTE_CPUS, false); // unreduced: ~120 k states, measured once (found, and clean)
    }

    static String krefDriver(boolean fixed) {
        return proc(
                """
                struct item {
                	struct kref ref;
                	int val;
                };
                static struct item *cur;
                static DEFINE_SPINLOCK(lab_lock);

                static void item_release(struct kref *ref)
                {
                	kfree(container_of(ref, struct item, ref));
                }
                """,
                "\tstruct item *it;\n\tint v;\n\n\tspin_lock(&lab_lock);\n\tit = cur;\n"
                        + (fixed ? "\tif (it)\n\t\tkref_get(&it->ref);\n" : "")
                        + "\tspin_unlock(&lab_lock);\n\tif (!it)\n\t\treturn 0;\n"
                        + (fixed ? "" : "\tkref_get(&it->ref);\n")
                        + "\tv = it->val;\n\tkref_put(&it->ref, item_release);\n\treturn v;\n",
                "\tstruct item *it;\n\n\tspin_lock(&lab_lock);\n\tit = cur;\n\tcur = NULL;\n\tspin_unlock(&lab_lock);\n"
                        + "\tif (it)\n\t\tkref_put(&it->ref, item_release);\n\treturn len;\n",
                "\tcur = kzalloc(sizeof(*cur), GFP_KERNEL);\n\tif (!cur)\n\t\treturn -ENOMEM;\n"
                        + "\tkref_init(&cur->ref);\n\tcur->val = 7;\n",
                "\tif (cur)\n\t\tkref_put(&cur->ref, item_release);\n");
    }

    @Test
    void kref() {
        Pair p = new Pair(
                "kref lookup",
                Lab.driver(krefDriver(false)).cpus(2),
                Lab.driver(krefDriver(true)).cpus(2),
                TWO,
                List.of("read a", "write b x"));
        check(p);
    }

    static String rcuDriver(String beforeFree) {
        return proc(
                """
                struct cfg {
                	int val;
                };
                static struct cfg *cur;
                static DEFINE_MUTEX(lab_mutex);
                """,
                "\tstruct cfg *c;\n\tint v = 0;\n\n\trcu_read_lock();\n\tc = rcu_dereference(cur);\n\tif (c)\n"
                        + "\t\tv = c->val;\n\trcu_read_unlock();\n\treturn v;\n",
                "\tstruct cfg *n = kzalloc(sizeof(*n), GFP_KERNEL);\n\tstruct cfg *old;\n\n\tif (!n)\n"
                        + "\t\treturn -ENOMEM;\n\tn->val = 2;\n\tmutex_lock(&lab_mutex);\n\told = cur;\n"
                        + "\trcu_assign_pointer(cur, n);\n\tmutex_unlock(&lab_mutex);\n"
                        + beforeFree
                        + "\tkfree(old);\n\treturn len;\n",
                "\tcur = kzalloc(sizeof(*cur), GFP_KERNEL);\n\tif (!cur)\n\t\treturn -ENOMEM;\n",
                "\tkfree(cur);\n");
    }

    @Test
    void rcu() {
        Pair p = new Pair(
                "synchronize_rcu",
                Lab.driver(rcuDriver("")).cpus(2),
                Lab.driver(rcuDriver("\tsynchronize_rcu();\n")).cpus(2),
                TWO,
                List.of("read a", "write b x"));
        check(p);
        derived(p);
    }

    static String sleepDriver(String gfp) {
        return proc(
                """
                static DEFINE_SPINLOCK(lab_lock);
                static int busy;
                static char *spare;
                """,
                "\tbusy = 1;\n\tbusy = 0;\n\treturn 0;\n",
                "\tspin_lock(&lab_lock);\n\tif (busy && !spare)\n\t\tspare = kzalloc(16, " + gfp + ");\n"
                        + "\tspin_unlock(&lab_lock);\n\treturn len;\n",
                "",
                "\tkfree(spare);\n");
    }

    @Test
    void sleepUnderLock() {
        Pair p = new Pair(
                "sleep under spinlock",
                Lab.driver(sleepDriver("GFP_KERNEL")).cpus(2),
                Lab.driver(sleepDriver("GFP_ATOMIC")).cpus(2),
                TWO,
                List.of("read a", "write b x"));
        check(p);
    }
}
