package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/kernel-model.md, "Checks and report texts" and the locks (kernel/locking/mutex.c, spinlock.c,
 * rwlock.c, lockdep.c, kernel/sched/core.c's __might_resched, kernel/hung_task.c), plus atomics and bitops.
 */
class LockRulesTests {

    /** Two kthreads t1 and t2 started by init, running {@code t1} and {@code t2} (bodies, returning 0). */
    static String twoThreads(String globals, String t1, String t2) {
        return "#include <linux/module.h>\n" + globals + """

                static int t1(void *arg)
                {
                """ + t1 + """
                    return 0;
                }

                static int t2(void *arg)
                {
                """ + t2 + """
                    return 0;
                }

                static int __init lab_init(void)
                {
                    kthread_run(t1, NULL, "t1");
                    kthread_run(t2, NULL, "t2");
                    return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
    }

    @Test
    void aMutexBlocksASecondTakerUntilTheOwnerUnlocks() {
        String src = twoThreads("static DEFINE_MUTEX(m);", """
                    mutex_lock(&m);
                    pr_info("t1 holds m");
                    mutex_unlock(&m);
                """, """
                    mutex_lock(&m);
                    pr_info("t2 holds m");
                    mutex_unlock(&m);
                """);
        String hold = "break " + Lab.lineOf(src, "t1 holds m") + "\ninsmod lab";
        RunResult held = Lab.driver(src).run(hold);
        assertThat(context(held, "t1").status()).isEqualTo("paused");
        assertThat(context(held, "t2").status()).isEqualTo("blocked");
        assertThat(context(held, "t2").waitingOn()).startsWith("mutex_lock on m");
        assertThat(Lab.driverLog(held)).isEmpty();

        RunResult r = Lab.driver(src).run(hold + "\ncontinue t1");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r)).containsExactly("t1 holds m", "t2 holds m");
        // (insmod's own lock events are module_mutex's, in load_module)
        assertThat(events(r, e -> e.kind().startsWith("lock-") && !"insmod".equals(e.context())))
                .extracting(TraceEvent::kind, TraceEvent::context)
                .containsExactly(
                        tuple("lock-acquire", "t1"),
                        tuple("lock-release", "t1"),
                        tuple("lock-acquire", "t2"),
                        tuple("lock-release", "t2"));
        assertThat(Lab.last(r, "woken", "t2")).isGreaterThan(first(r, "lock-release", "t1"));
    }

    @Test
    void msleepUnderASpinlockIsSchedulingWhileAtomic() {
        RunResult r = Lab.module("static DEFINE_SPINLOCK(sl);", """
                    unsigned long flags;

                    spin_lock_irqsave(&sl, flags);
                    msleep(10);
                    spin_unlock_irqrestore(&sl, flags);
                    return 0;
                """, "").run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("sleep-in-atomic");
        assertThat(report.title()).matches("BUG: scheduling while atomic: insmod/\\d+/0x0000000\\d");
        assertThat(report.text())
                .contains("1 lock held by insmod/")
                .contains("(sl)")
                .contains("msleep")
                .contains("lab_init");
        assertThat(report.context()).isEqualTo("insmod");
    }

    @Test
    void mutexLockUnderASpinlockOrInAnIrqHandlerIsSleepingInAnInvalidContext() {
        RunResult r = Lab.module("static DEFINE_SPINLOCK(sl);\nstatic DEFINE_MUTEX(m);", """
                    spin_lock(&sl);
                    mutex_lock(&m);
                    mutex_unlock(&m);
                    spin_unlock(&sl);
                    return 0;
                """, "")
                .run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("sleep-in-atomic");
        assertThat(report.title()).startsWith("BUG: sleeping function called from invalid context at ");
        assertThat(report.text())
                .contains("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: ")
                .contains("name: insmod")
                .contains("1 lock held by insmod/");
        assertThat(report.function()).isEqualTo("mutex_lock");

        String irq = Lab.platformDriver("""
                static DEFINE_MUTEX(m);

                static irqreturn_t lab_irq(int irq, void *dev_id)
                {
                	mutex_lock(&m);
                	mutex_unlock(&m);
                	return IRQ_HANDLED;
                }
                """, """
                	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), lab_irq, 0, "lab", pdev);
                """, "\treturn 0;");
        RunResult inIrq = Lab.driver(irq).device("my_device", 17).run("insmod lab\nirq 17");
        Report fromIrq = Lab.report(inIrq);
        assertThat(fromIrq.kind()).isEqualTo("sleep-in-atomic");
        assertThat(fromIrq.title()).startsWith("BUG: sleeping function called from invalid context at ");
        assertThat(fromIrq.text())
                .contains("in_atomic(): 1, irqs_disabled(): 1")
                .contains("lab_irq");
        assertThat(fromIrq.context()).isEqualTo("irq17");
    }

    static final String AB = "    mutex_lock(&lock_a);\n    mutex_lock(&lock_b);\n"
            + "    mutex_unlock(&lock_b);\n    mutex_unlock(&lock_a);\n";
    static final String BA = "    mutex_lock(&lock_b);\n    mutex_lock(&lock_a);\n"
            + "    mutex_unlock(&lock_a);\n    mutex_unlock(&lock_b);\n";

    @Test
    void abBaIsReportedByLockdepWhenTheSecondOrderIsFirstSeenEvenWithoutADeadlock() {
        String src = twoThreads("static DEFINE_MUTEX(lock_a);\nstatic DEFINE_MUTEX(lock_b);", AB, BA);
        RunResult r = Lab.driver(src).run("insmod lab");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("lockdep");
        assertThat(first(r, "context-exit", "t1"))
                .as("t1 ran to its end: nothing deadlocked")
                .isLessThan(report.seq());
        assertThat(report.context()).isEqualTo("t2");
        assertThat(report.function()).isEqualTo("mutex_lock");
        assertThat(events(
                        r, e -> e.kind().equals("lock-acquire") && e.context().equals("t2") && e.seq() < report.seq()))
                .extracting(TraceEvent::text)
                .as("t2 holds lock_b only when lockdep speaks")
                .containsExactly("lock_b");
        assertThat(events(r, "lock-acquire", "t2"))
                .extracting(TraceEvent::text)
                .as("then takes lock_a: a warning")
                .containsExactly("lock_b", "lock_a");
        assertThat(report.text())
                .contains("WARNING: possible circular locking dependency detected")
                .containsPattern("t2/\\d+ is trying to acquire lock:\n\\S+ \\(lock_a\\)")
                .containsPattern("but task is already holding lock:\n\\S+ \\(lock_b\\)")
                .contains("which lock already depends on the new lock.");
        assertThat(report.title()).isEqualTo("WARNING: possible circular locking dependency detected");
    }

    /** sl taken in the IRQ handler, and in remove with IRQs on. */
    private static final String IRQ_AND_PROCESS = Lab.platformDriver("""
            static DEFINE_SPINLOCK(sl);

            static irqreturn_t lab_irq(int irq, void *dev_id)
            {
            	spin_lock(&sl);
            	spin_unlock(&sl);
            	return IRQ_HANDLED;
            }
            """, """
            	return devm_request_irq(&pdev->dev, platform_get_irq(pdev, 0), lab_irq, 0, "lab", pdev);
            """, """
            	spin_lock(&sl);
            	spin_unlock(&sl);
            	return 0;
            """);

    @Test
    void aSpinlockTakenInAnIrqHandlerAndElsewhereWithIrqsOnIsAnInconsistentLockState() {
        String src = IRQ_AND_PROCESS;
        RunResult r = Lab.driver(src).device("my_device", 17).run("insmod lab\nirq 17\nunbind my_device");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("lockdep");
        assertThat(report.context()).isEqualTo("unbind");
        assertThat(report.text())
                .contains("WARNING: inconsistent lock state")
                .contains("inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.")
                .contains("(sl)")
                .contains("lab_remove");
        assertThat(report.title()).isEqualTo("WARNING: inconsistent lock state");

        String irqsave = src.replace(
                "\tspin_lock(&sl);\n\tspin_unlock(&sl);\n\treturn 0;",
                "\tunsigned long flags;\n\n\tspin_lock_irqsave(&sl, flags);\n\tspin_unlock_irqrestore(&sl, flags);\n"
                        + "\treturn 0;");
        assertThat(irqsave).contains("spin_lock_irqsave");
        RunResult fixed = Lab.driver(irqsave).device("my_device", 17).run("insmod lab\nirq 17\nunbind my_device");
        assertThat(fixed.reports())
                .as("with IRQs off in process context: " + describe(fixed))
                .isEmpty();
    }

    @Test
    void contextsBlockedOnEachOtherForeverAreAHungTask() {
        // struct semaphore has no lockdep map (include/linux/semaphore.h): only the hung-task detector sees this
        String src = twoThreads("static DEFINE_SEMAPHORE(sem_a, 1);\nstatic DEFINE_SEMAPHORE(sem_b, 1);", """
                    down(&sem_a);
                    pr_info("t1 has a");
                    down(&sem_b);
                    up(&sem_b);
                    up(&sem_a);
                """, """
                    down(&sem_b);
                    down(&sem_a);
                    up(&sem_a);
                    up(&sem_b);
                """);
        RunResult r = Lab.driver(src).run("break " + Lab.lineOf(src, "t1 has a") + "\ninsmod lab\ncontinue t1");
        assertThat(context(r, "t1").status()).isEqualTo("blocked");
        assertThat(context(r, "t2").status()).isEqualTo("blocked");
        Report report = Lab.report(r);
        assertThat(report.kind()).isEqualTo("hung-task");
        assertThat(report.title()).matches("INFO: task t[12]:\\d+ blocked for more than 120 seconds\\.");
    }

    /**
     * Reader-writer locks, spinning (rwlock_t) and sleeping (struct rw_semaphore, kernel/locking/rwsem.c): readers
     * share the lock, a writer waits for every reader, and readers wait for a writer.
     */
    @ParameterizedTest
    @CsvSource({
        "static DEFINE_RWLOCK(rw), read_lock, read_unlock, write_lock, write_unlock",
        "static DECLARE_RWSEM(rw), down_read, up_read, down_write, up_write"
    })
    void readersShareAReaderWriterLockAndAWriterExcludesThem(
            String define, String readLock, String readUnlock, String writeLock, String writeUnlock) {
        String src = "#include <linux/module.h>\n#include <linux/rwsem.h>\n" + """
                DEFINE;
                static int shared;

                static int reader(void *arg)
                {
                    READ_LOCK(&rw);
                    pr_info("%s reads %d", (char *)arg, shared);
                    READ_UNLOCK(&rw);
                    return 0;
                }

                static int writer(void *arg)
                {
                    WRITE_LOCK(&rw);
                    shared = 1;
                    pr_info("writer wrote");
                    WRITE_UNLOCK(&rw);
                    return 0;
                }

                static int __init lab_init(void)
                {
                    kthread_run(reader, "r1", "r1");
                    kthread_run(reader, "r2", "r2");
                    kthread_run(writer, NULL, "w");
                    return 0;
                }
                module_init(lab_init);
                MODULE_LICENSE("GPL");
                """;
        src = src.replace("DEFINE", define)
                .replace("READ_LOCK", readLock)
                .replace("READ_UNLOCK", readUnlock)
                .replace("WRITE_LOCK", writeLock)
                .replace("WRITE_UNLOCK", writeUnlock);
        String readers = "break " + Lab.lineOf(src, "reads %d") + "\ninsmod lab";
        RunResult r = Lab.driver(src).run(readers);
        assertThat(context(r, "r1").status()).isEqualTo("paused");
        assertThat(context(r, "r2").status()).as("a second reader gets in").isEqualTo("paused");
        assertThat(context(r, "w").status()).isEqualTo("blocked");
        RunResult one = Lab.driver(src).run(readers + "\ncontinue r1");
        assertThat(context(one, "w").status()).as("one reader still holds it").isEqualTo("blocked");
        RunResult both = Lab.driver(src).run(readers + "\ncontinue r1\ncontinue r2");
        assertThat(Lab.driverLog(both)).containsExactly("r1 reads 0", "r2 reads 0", "writer wrote");

        String writerFirst = src.replace("kthread_run(writer, NULL, \"w\");\n", "")
                .replace(
                        "kthread_run(reader, \"r1\", \"r1\");",
                        "kthread_run(writer, NULL, \"w\");\n    " + "kthread_run(reader, \"r1\", \"r1\");");
        String wrote = "break " + Lab.lineOf(writerFirst, "writer wrote") + "\ninsmod lab";
        RunResult w = Lab.driver(writerFirst).run(wrote);
        assertThat(context(w, "w").status()).isEqualTo("paused");
        assertThat(context(w, "r1").status()).isEqualTo("blocked");
        assertThat(context(w, "r2").status()).isEqualTo("blocked");
        RunResult after = Lab.driver(writerFirst).run(wrote + "\ncontinue w");
        assertThat(Lab.driverLog(after)).containsExactly("writer wrote", "r1 reads 1", "r2 reads 1");
    }

    @Test
    void atomicOperationsAndBitopsComputeWhatTheySay() {
        RunResult r = Lab.module("""
                static atomic_t v = ATOMIC_INIT(5);
                static unsigned long bits;
                """, """
                    int old;

                    atomic_inc(&v);
                    atomic_add(4, &v);
                    atomic_sub(3, &v);
                    atomic_dec(&v);
                    pr_info("v %d", atomic_read(&v));
                    old = atomic_cmpxchg(&v, 6, 1);
                    pr_info("cmpxchg %d -> %d", old, atomic_read(&v));
                    old = atomic_cmpxchg(&v, 6, 9);
                    pr_info("cmpxchg miss %d -> %d", old, atomic_read(&v));
                    pr_info("dec_and_test %d", atomic_dec_and_test(&v));
                    atomic_set(&v, 2);
                    pr_info("dec_and_test %d", atomic_dec_and_test(&v));
                    set_bit(3, &bits);
                    pr_info("bit3 %d bits %lu", test_bit(3, &bits), bits);
                    pr_info("test_and_set %d", test_and_set_bit(1, &bits));
                    pr_info("test_and_set again %d", test_and_set_bit(1, &bits));
                    clear_bit(3, &bits);
                    change_bit(0, &bits);
                    pr_info("bits %lu", bits);
                    return 0;
                """, "").run("insmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "v 6",
                        "cmpxchg 6 -> 1",
                        "cmpxchg miss 1 -> 1",
                        "dec_and_test 1",
                        "dec_and_test 0",
                        "bit3 1 bits 8",
                        "test_and_set 0",
                        "test_and_set again 1",
                        "bits 3");
    }

    @Test
    void lockdepWarnsItDoesNotPanicTheScriptGoesOnAndLockAddressesAreReal() {
        // lockdep.c's print_usage_bug/print_circular_bug: pr_warn, "stack backtrace:", dump_stack(); debug_locks_off()
        // turns lockdep off (one report) and adds no taint; nothing calls panic() or prints "end trace".
        String src = IRQ_AND_PROCESS.replace(
                "\tspin_lock(&sl);\n\tspin_unlock(&sl);\n\treturn 0;",
                "\tspin_lock(&sl);\n\tpr_info(\"remove holds sl\");\n\tspin_unlock(&sl);\n\treturn 0;");
        assertThat(src).contains("remove holds sl");
        RunResult r = Lab.driver(src)
                .device("my_device", 17)
                .run("insmod lab\nirq 17\nunbind my_device\nbind my_device" + "\nirq 17\nunbind my_device\nlsmod");
        Report report = Lab.report(r);
        assertThat(report.title()).isEqualTo("WARNING: inconsistent lock state");
        assertThat(report.text())
                .contains("stack backtrace:")
                .doesNotContain("end trace")
                .doesNotContain("Kernel panic");
        assertThat(Lab.driverLog(r)).noneMatch(l -> l.contains("end trace") || l.contains("Kernel panic"));
        assertThat(Lab.driverLog(r))
                .as("the script went on; lockdep reported once")
                .filteredOn(l -> l.equals("remove holds sl"))
                .hasSize(2);
        assertThat(r.output()).anyMatch(l -> l.startsWith("lab "));
        long sl = events(r, "lock-acquire", "irq17").get(0).from();
        assertThat(report.text())
                .contains(dev.driverlab.kernel.Addresses.hex(sl) + " (sl)")
                .doesNotContain(dev.driverlab.kernel.Addresses.hex(0) + " (");
        assertThat(r.error()).isNull();
    }
}
