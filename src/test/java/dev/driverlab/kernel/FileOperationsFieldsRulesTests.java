package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * struct file_operations and struct proc_ops have every field of 6.1 in the real order, so a module that sets
 * fields the simulator never calls (fsync, fasync, mmap, proc_mmap...) compiles and loads unchanged.
 */
class FileOperationsFieldsRulesTests {

    @Test
    void theLayoutIsThatOf61OnX8664() {
        RunResult r = Lab.init("", """
                	pr_info("%zu %zu %zu %zu %zu", offsetof(struct file_operations, poll),
                		offsetof(struct file_operations, open), offsetof(struct file_operations, fsync),
                		offsetof(struct file_operations, show_fdinfo), sizeof(struct file_operations));
                	pr_info("%zu %zu", offsetof(struct proc_ops, proc_mmap), sizeof(struct proc_ops));
                """).run("insmod lab");
        assertThat(Lab.driverLog(r)).containsExactly("72 112 136 224 272", "80 96");
    }

    @Test
    void aModuleSettingFieldsTheSimulatorNeverCallsLoadsAndItsReadStillRuns() {
        RunResult r = Lab.module("""
                static ssize_t f_read(struct file *f, char __user *buf, size_t len, loff_t *off)
                {
                	return simple_read_from_buffer(buf, len, off, "hi\\n", 3);
                }
                static int f_fsync(struct file *f, loff_t start, loff_t end, int datasync) { return 0; }
                static int f_fasync(int fd, struct file *f, int on) { return 0; }
                static int f_flush(struct file *f, fl_owner_t id) { return 0; }
                static int f_mmap(struct file *f, struct vm_area_struct *vma) { return -ENODEV; }
                static int f_check(int flags) { return 0; }
                static const struct file_operations fops = {
                	.owner = THIS_MODULE,
                	.read = f_read,
                	.fsync = f_fsync,
                	.fasync = f_fasync,
                	.flush = f_flush,
                	.mmap = f_mmap,
                	.check_flags = f_check,
                	.llseek = default_llseek,
                };
                static const struct proc_ops pops = {
                	.proc_read = f_read,
                	.proc_mmap = f_mmap,
                	.proc_flags = 0,
                };
                static int major;
                """, """
                	major = register_chrdev(0, "lab", &fops);
                	proc_create("lab", 0444, NULL, &pops);
                	return major < 0 ? major : 0;
                """, """
                	remove_proc_entry("lab", NULL);
                	unregister_chrdev(major, "lab");
                """).run("insmod lab\ncat /proc/lab\nrmmod lab");
        assertThat(r.reports()).as(Lab.describe(r)).isEmpty();
        assertThat(r.output()).as(Lab.describe(r)).contains("cat: read(3, \"hi\\n\", 4096) = 3");
        assertThat(Lab.driverLog(r)).isEmpty();
    }
}
