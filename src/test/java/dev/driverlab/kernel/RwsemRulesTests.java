package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Sleeping" (kernel/locking/rwsem.c): a taker that cannot have an rw_semaphore sleeps (so it
 * may not be taken in atomic context), the trylocks say who may come in, and a writer can become a reader. That
 * readers share it and a writer waits for them all is LockRulesTests', beside the rwlock.
 */
class RwsemRulesTests {

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
