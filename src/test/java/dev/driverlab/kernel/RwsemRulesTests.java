package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Sleeping" (kernel/locking/rwsem.c): readers share an rw_semaphore, a writer holds it alone,
 * a taker that cannot have it sleeps (so it may not be taken in atomic context), and a writer can become a reader.
 */
class RwsemRulesTests {

    @Test
    void readersShareItAndAWriterWaitsForThemAll() {
        String src = "#include <linux/module.h>\n#include <linux/rwsem.h>\n#include <linux/kthread.h>\n" + """
                static DECLARE_RWSEM(sem);
                static int shared;

                static int reader(void *arg)
                {
                    down_read(&sem);
                    pr_info("%s reads %d", (char *)arg, shared);
                    up_read(&sem);
                    return 0;
                }

                static int writer(void *arg)
                {
                    down_write(&sem);
                    shared = 1;
                    pr_info("writer wrote");
                    up_write(&sem);
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
        String readers = "break " + Lab.lineOf(src, "reads %d") + "\ninsmod lab";
        RunResult r = Lab.driver(src).run(readers);
        assertThat(context(r, "r1").status()).isEqualTo("paused");
        assertThat(context(r, "r2").status()).as("a second reader gets in").isEqualTo("paused");
        assertThat(context(r, "w").status()).isEqualTo("blocked");
        assertThat(context(r, "w").waitingOn()).startsWith("down_write on ");
        RunResult one = Lab.driver(src).run(readers + "\ncontinue r1");
        assertThat(context(one, "w").status()).as("one reader still holds it").isEqualTo("blocked");
        RunResult both = Lab.driver(src).run(readers + "\ncontinue r1\ncontinue r2");
        assertThat(Lab.driverLog(both)).containsExactly("r1 reads 0", "r2 reads 0", "writer wrote");
        assertThat(both.reports()).isEmpty();
    }

    @Test
    void trylocksSayWhoMayComeInAndADowngradedWriterLetsReadersIn() {
        assertThat(Lab.dmesgOfInit("#include <linux/rwsem.h>\nstatic struct rw_semaphore sem;", """
                	int a, b, c;

                	init_rwsem(&sem);
                	a = down_read_trylock(&sem);
                	b = down_read_trylock(&sem);
                	c = down_write_trylock(&sem);
                	pr_info("read %d %d write %d locked %d", a, b, c, rwsem_is_locked(&sem));
                	up_read(&sem);
                	up_read(&sem);
                	a = down_write_trylock(&sem);
                	b = down_read_trylock(&sem);
                	pr_info("write %d read %d", a, b);
                	downgrade_write(&sem);
                	a = down_read_trylock(&sem);
                	b = down_write_trylock(&sem);
                	pr_info("after downgrade: read %d write %d", a, b);
                	up_read(&sem);
                	up_read(&sem);
                	pr_info("locked %d", rwsem_is_locked(&sem));
                	return 0;
                """))
                .containsExactly(
                        "read 1 1 write 0 locked 1", "write 1 read 0", "after downgrade: read 1 write 0", "locked 0");
    }

    @Test
    void takingItUnderASpinlockIsSleepingInAtomicContext() {
        RunResult r = Lab.init(
                        "#include <linux/rwsem.h>\nstatic DECLARE_RWSEM(sem);\nstatic DEFINE_SPINLOCK(lock);", """
                	spin_lock(&lock);
                	down_read(&sem);
                	up_read(&sem);
                	spin_unlock(&lock);
                	return 0;
                """)
                .run("insmod lab");
        assertThat(Lab.report(r).title())
                .isEqualTo("BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1519");
    }

    @Test
    void aKillableWaitEndsWithEintrWhenTheTaskIsKilled() {
        RunResult r = Lab.module(
                        """
                        #include <linux/rwsem.h>

                        static DECLARE_RWSEM(sem);

                        static int lab_open(struct inode *inode, struct file *file)
                        {
                        	int err = down_write_killable(&sem);

                        	pr_info("down_write_killable %d", err);
                        	if (!err)
                        		up_write(&sem);
                        	return err;
                        }

                        static const struct proc_ops lab_ops = { .proc_open = lab_open };
                        """,
                        "\tdown_read(&sem);\n\treturn proc_create(\"lab\", 0666, NULL, &lab_ops) ? 0 : -ENOMEM;",
                        "\tremove_proc_entry(\"lab\", NULL);\n\tup_read(&sem);")
                .run("insmod lab\nopen /proc/lab as A\nkill A SIGKILL");
        assertThat(Lab.driverLog(r)).containsExactly("down_write_killable -4");
        assertThat(r.output()).contains("A: +++ killed by SIGKILL +++");
    }
}
