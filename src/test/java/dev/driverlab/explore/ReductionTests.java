package dev.driverlab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.Engine;
import dev.driverlab.kernel.Lab;
import dev.driverlab.scenario.RunResult;
import dev.driverlab.scenario.Scenario;
import dev.driverlab.scenario.ScenarioLibrary;
import dev.driverlab.scenario.ScenarioRunner;
import dev.driverlab.scenario.ScriptParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The explorer's reductions lose no crash: running a context's local steps as one transition, and sleep sets over
 * commuting transitions, give the verdict of the unreduced search on every library scenario and on drivers where
 * only a few interleavings of many crash; and the crash found is still a shortest one.
 */
class ReductionTests {
    // deep enough for the unreduced search (one transition a step) to end every schedule of every library scenario
    private static final Explorer.Bounds BOUNDS = new Explorer.Bounds(4000, 200_000, 120_000);

    private static ExploreResult explore(Scenario s, String setup, List<String> events, Explorer.Reduction reduction) {
        return ExploreRunner.explore(
                s, setup, events, ExploreRunner.Options.of(s, null, null), reduction, BOUNDS, null, () -> false);
    }

    private static ExploreResult explore(Scenario s, Explorer.Reduction reduction) {
        return explore(s, ExploreRunner.defaultSetup(s), s.search().events(), reduction);
    }

    @Test
    void everyLibraryScenarioHasTheSameVerdictWithAndWithoutReduction() {
        for (Scenario s : ScenarioLibrary.builtIn().all()) {
            if (s.search().isEmpty()) continue;
            ExploreResult none = explore(s, Explorer.Reduction.NONE);
            ExploreResult local = explore(s, Explorer.Reduction.LOCAL_STEPS);
            ExploreResult sleep = explore(s, Explorer.Reduction.SLEEP_SETS);
            assertThat(none.verdict())
                    .as(s.id() + " unreduced: " + none.incompleteBecause())
                    .isNotEqualTo(ExploreResult.Verdict.INCOMPLETE);
            assertThat(local.verdict()).as(s.id()).isEqualTo(none.verdict());
            assertThat(sleep.verdict()).as(s.id()).isEqualTo(none.verdict());
            if (none.found()) {
                assertThat(local.report().kind())
                        .as(s.id())
                        .isEqualTo(none.report().kind());
                assertThat(sleep.report().kind())
                        .as(s.id())
                        .isEqualTo(none.report().kind());
                // sleep sets keep every state at its depth: the same shortest schedule length in transitions
                assertThat(sleep.depth()).as(s.id()).isEqualTo(local.depth());
            }
            // the reductions only cut: fewer states, and sleep sets keep every state the local-step search sees
            assertThat(local.states()).as(s.id()).isLessThanOrEqualTo(none.states());
            if (!none.found()) assertThat(sleep.states()).as(s.id()).isEqualTo(local.states());
        }
    }

    /**
     * Two readers of /proc/lab update a counter without a lock, with local work between the load and the store: only
     * when both load before either stores is an update lost, and only then does the second reader free the buffer
     * and write to it. The fixed twin makes the update atomic; no interleaving crashes it.
     */
    private static String lostUpdate(String update) {
        return """
                #include <linux/module.h>
                #include <linux/proc_fs.h>
                #include <linux/slab.h>
                #include <linux/spinlock.h>

                static DEFINE_SPINLOCK(lab_lock);
                static int readers;
                static atomic_t finished = ATOMIC_INIT(0);
                static char *buf;
                static struct proc_dir_entry *entry;

                static ssize_t lab_read(struct file *file, char __user *ubuf, size_t len, loff_t *off)
                {
                	int spin = 0;
                	int i;

                """ + update + """
                	if (atomic_inc_return(&finished) == 2 && readers == 1) {
                		kfree(buf);
                		buf[0] = spin;
                	}
                	return 0;
                }

                static const struct proc_ops lab_ops = {
                	.proc_read = lab_read,
                };

                static int __init lab_init(void)
                {
                	buf = kzalloc(16, GFP_KERNEL);
                	if (!buf)
                		return -ENOMEM;
                	entry = proc_create("lab", 0444, NULL, &lab_ops);
                	return 0;
                }

                static void __exit lab_exit(void)
                {
                	proc_remove(entry);
                	kfree(buf);
                }
                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """;
    }

    private static final String RACY = """
            	int seen = readers;

            	for (i = 0; i < 4; i++)
            		spin += i;
            	readers = seen + 1;
            """;

    private static final String LOCKED = """
            	int seen;

            	spin_lock(&lab_lock);
            	seen = readers;
            	for (i = 0; i < 4; i++)
            		spin += i;
            	readers = seen + 1;
            	spin_unlock(&lab_lock);
            """;

    /** Two processes with the file open: their system calls are the events. */
    private static final String SETUP = "insmod lab\nopen /proc/lab as a\nopen /proc/lab as b";

    /**
     * A whole process (open, read, close) per event is too many single steps for the unreduced search within its
     * bounds (it stops incomplete, never with a verdict of its own): these drivers are known to crash or not.
     */
    private static final List<Explorer.Reduction> REDUCED =
            List.of(Explorer.Reduction.LOCAL_STEPS, Explorer.Reduction.SLEEP_SETS);

    @Test
    void aLostUpdateThatOnlyOneOrderOfTheLoadsAndStoresShowsIsFoundWithEveryReduction() {
        for (int cpus = 1; cpus <= 2; cpus++) {
            Scenario buggy = Lab.driver(lostUpdate(RACY)).cpus(cpus).scenario("insmod lab");
            Scenario fixed = Lab.driver(lostUpdate(LOCKED)).cpus(cpus).scenario("insmod lab");
            // the listed order runs clean: the bug needs an interleaving
            RunResult plain = ScenarioRunner.run(
                    buggy,
                    "script",
                    ScriptParser.parse("script", SETUP + "\nread a\nread b"),
                    Engine.DEFAULT_MAX_STEPS,
                    false);
            assertThat(plain.reports()).isEmpty();
            List<String> events = List.of("read a", "read b");
            Integer depth = null;
            for (Explorer.Reduction r : REDUCED) {
                ExploreResult found = explore(buggy, SETUP, events, r);
                assertThat(found.verdict())
                        .as(r + " on " + cpus + " cpus: " + found.incompleteBecause() + " " + found.states() + " "
                                + found.depth())
                        .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
                assertThat(found.report().title()).as(r.toString()).contains("use-after-free");
                if (depth != null) assertThat(found.depth()).as(r.toString()).isEqualTo(depth);
                depth = found.depth();
                // the schedule it returns replays to the same report
                RunResult replay = ScenarioRunner.run(
                        buggy,
                        "found",
                        ScriptParser.parse("found", String.join("\n", found.script())),
                        Engine.DEFAULT_MAX_STEPS,
                        false);
                assertThat(replay.reports()).isNotEmpty();
                assertThat(replay.reports().get(0).title())
                        .isEqualTo(found.report().title());
                ExploreResult clean = explore(fixed, SETUP, events, r);
                assertThat(clean.verdict())
                        .as(r + " fixed: " + clean.incompleteBecause())
                        .isEqualTo(ExploreResult.Verdict.NO_CRASH);
            }
        }
    }

    /**
     * A writer publishes a flag before the buffer it guards: a reader that runs between the two stores dereferences
     * NULL. One window of one step in either process; the fixed twin stores the buffer first.
     */
    private static String publish(String writerBody) {
        return """
                #include <linux/module.h>
                #include <linux/proc_fs.h>
                #include <linux/slab.h>

                static int ready;
                static char *data;
                static struct proc_dir_entry *entry;

                static ssize_t lab_write(struct file *file, const char __user *ubuf, size_t len, loff_t *off)
                {
                	char *p = kzalloc(8, GFP_KERNEL);

                	if (!p)
                		return -ENOMEM;
                """ + writerBody + """
                	return len;
                }

                static ssize_t lab_read(struct file *file, char __user *ubuf, size_t len, loff_t *off)
                {
                	if (ready)
                		data[0] = 1;
                	return 0;
                }

                static const struct proc_ops lab_ops = {
                	.proc_read = lab_read,
                	.proc_write = lab_write,
                };

                static int __init lab_init(void)
                {
                	entry = proc_create("lab", 0666, NULL, &lab_ops);
                	return 0;
                }

                static void __exit lab_exit(void)
                {
                	proc_remove(entry);
                	kfree(data);
                }
                module_init(lab_init);
                module_exit(lab_exit);
                MODULE_LICENSE("GPL");
                """;
    }

    @Test
    void aFlagPublishedBeforeItsDataIsFoundInItsOneWindowWithEveryReduction() {
        Scenario buggy =
                Lab.driver(publish("\tready = 1;\n\tdata = p;\n")).cpus(2).scenario("insmod lab");
        Scenario fixed =
                Lab.driver(publish("\tdata = p;\n\tready = 1;\n")).cpus(2).scenario("insmod lab");
        List<String> events = List.of("write a x", "read b");
        for (Explorer.Reduction r : REDUCED) {
            ExploreResult found = explore(buggy, SETUP, events, r);
            assertThat(found.verdict())
                    .as(r + ": " + found.incompleteBecause() + " " + found.states() + " " + found.depth())
                    .isEqualTo(ExploreResult.Verdict.RACE_FOUND);
            // outline KASAN reports the NULL-page access first, then the fault's Oops follows
            assertThat(found.report().title()).as(r.toString()).contains("BUG: KASAN: null-ptr-deref");
            ExploreResult clean = explore(fixed, SETUP, events, r);
            assertThat(clean.verdict())
                    .as(r + " fixed: " + clean.incompleteBecause())
                    .isEqualTo(ExploreResult.Verdict.NO_CRASH);
        }
    }
}
