package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "debugfs" (fs/debugfs/inode.c, fs/debugfs/file.c, fs/libfs.c of 6.1): directories and files
 * under /sys/kernel/debug, the value files, the proxies that keep a removed file from calling its driver.
 */
class DebugfsRulesTests {

    private static final String VALUES = """
            #include <linux/debugfs.h>

            static struct dentry *dir;
            static u8 v8 = 200;
            static u16 v16 = 65535;
            static u32 v32 = 42;
            static u64 v64 = 12345678901ULL;
            static u32 x = 0xbeef;
            static size_t sz = 4096;
            static bool flag = true;
            static u32 ro = 7;
            """;

    private static final String D = "/sys/kernel/debug/lab/";

    private static Lab values() {
        return Lab.module(VALUES, """
                    dir = debugfs_create_dir("lab", NULL);
                    debugfs_create_u8("v8", 0600, dir, &v8);
                    debugfs_create_u16("v16", 0600, dir, &v16);
                    debugfs_create_u32("v32", 0600, dir, &v32);
                    debugfs_create_u64("v64", 0600, dir, &v64);
                    debugfs_create_x32("x", 0600, dir, &x);
                    debugfs_create_size_t("sz", 0600, dir, &sz);
                    debugfs_create_bool("flag", 0600, dir, &flag);
                    debugfs_create_u32("ro", 0444, dir, &ro);
                    return 0;
                """, """
                    debugfs_remove_recursive(dir);
                    pr_info("v32 %u flag %d", v32, flag);
                """);
    }

    @Test
    void valueFilesShowTheirVariablesInTheKernelsFormats() {
        RunResult r = values().run("insmod lab\ncat " + D + "v8\ncat " + D + "v16\ncat " + D + "v32\ncat " + D
                + "v64\ncat " + D + "x\ncat " + D + "sz\ncat " + D + "flag");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .contains(
                        "cat: read(3, \"200\\n\", 4096) = 4",
                        "cat: read(3, \"65535\\n\", 4096) = 6",
                        "cat: read(3, \"42\\n\", 4096) = 3",
                        "cat: read(3, \"12345678901\\n\", 4096) = 12",
                        "cat: read(3, \"0x0000beef\\n\", 4096) = 11",
                        "cat: read(3, \"4096\\n\", 4096) = 5",
                        "cat: read(3, \"Y\\n\", 4096) = 2");
        assertThat(events(r, "enter", "debugfs_attr_read")).isNotEmpty();
    }

    @Test
    void writingAValueFileSetsTheVariableAndAReadOnlyOneRefusesWithEacces() {
        RunResult r = values().run("insmod lab\nopen " + D + "v32 as P\nwrite P \"0x10\\n\"\nclose P\nopen " + D
                + "flag as Q\nwrite Q n\nclose Q\nopen " + D + "ro as R\nwrite R 9\nclose R\ncat " + D
                + "v32\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .contains(
                        "P: write(3, \"0x10\\n\", 5) = 5",
                        "Q: write(3, \"n\", 1) = 1",
                        "R: write(3, \"9\", 1) = -1 EACCES (Permission denied)",
                        "cat: read(3, \"16\\n\", 4096) = 3");
        assertThat(Lab.driverLog(r)).contains("v32 16 flag 0");
    }

    @Test
    void removeRecursiveTakesTheDirectoryAndItsFilesAway() {
        RunResult r = values().run("insmod lab\nrmmod lab\ncat " + D + "v32");
        assertThat(r.output())
                .contains("cat: open(\"" + D + "v32\", O_RDONLY) = -1 ENOENT (No such file or directory)");
    }

    private static final String MESSAGE = """
            #include <linux/debugfs.h>

            static struct dentry *dir;
            static char message[16] = "hello\\n";
            static size_t message_len = 6;

            static ssize_t message_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
            {
                return simple_read_from_buffer(buf, len, ppos, message, message_len);
            }

            static ssize_t message_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
            {
                ssize_t n = simple_write_to_buffer(message, sizeof(message) - 1, ppos, buf, len);

                if (n > 0)
                    message_len = *ppos;
                return n;
            }
            """;

    private static Lab message(String owner) {
        return Lab.module(MESSAGE + """
                static const struct file_operations message_fops = {
                """ + owner + """
                    .read = message_read,
                    .write = message_write,
                };
                """, """
                    dir = debugfs_create_dir("lab", NULL);
                    debugfs_create_file("message", 0600, dir, NULL, &message_fops);
                    return 0;
                """, "debugfs_remove(dir);");
    }

    @Test
    void simpleReadFromBufferReadsFromThePositionAndSimpleWriteToBufferStopsAtTheEnd() {
        RunResult r = message("")
                .run("insmod lab\nopen " + D + "message as P\nread P 4\nread P 4\nread P 4\nclose P\n" + "open " + D
                        + "message as Q\nwrite Q \"0123456789abcdefXYZ\"\nclose Q\ncat " + D + "message");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .contains(
                        "P: read(3, \"hell\", 4) = 4",
                        "P: read(3, \"o\\n\", 4) = 2",
                        "P: read(3, \"\", 4) = 0",
                        "Q: write(3, \"0123456789abcdefXYZ\", 19) = 15",
                        "cat: read(3, \"0123456789abcde\", 4096) = 15");
    }

    @Test
    void anOpenFileOfTheModulePinsIt() {
        RunResult r = message(".owner = THIS_MODULE,")
                .run("insmod lab\nopen " + D + "message as P\nlsmod\nrmmod lab\n" + "close P\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).contains("rmmod: ERROR: Module lab is in use");
        assertThat(events(r, "module-state", "UNLOADED")).hasSize(1);
    }

    @Test
    void aRemovedFileReadsEioAndNeverCallsTheDriverAgain() {
        RunResult r = message("").run("insmod lab\nopen " + D + "message as P\nrmmod lab\nread P\nwrite P x");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output())
                .contains(
                        "P: read(3, \"\", 4096) = -1 EIO (Input/output error)",
                        "P: write(3, \"x\", 1) = -1 EIO (Input/output error)");
        assertThat(events(r, "enter", "message_read")).isEmpty();
    }

    @Test
    void closingAFileWhoseFopsHaveNoOwnerAfterTheModuleWentReadsTheFreedFops() {
        // full_proxy_release calls the real ->release unconditionally: without .owner nothing kept the module
        RunResult r = message("").run("insmod lab\nopen " + D + "message as P\nrmmod lab\nclose P");
        assertThat(Lab.report(r).title()).startsWith("BUG: unable to handle page fault");
        assertThat(Lab.report(r).text()).contains("RIP: 0010:full_proxy_release+");
    }

    @Test
    void removingAFileWaitsForTheReadInProgress() {
        RunResult r = message("").run("insmod lab\nbreak message_read\ncat " + D + "message\nrmmod lab\ncontinue");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        long readReturned = events(r, e -> e.kind().equals("return") && "message_read".equals(e.function()))
                .get(0)
                .seq();
        assertThat(first(r, "module-state", "UNLOADED")).isGreaterThan(readReturned);
        assertThat(r.output()).contains("cat: read(3, \"hello\\n\", 4096) = 6");
    }

    @Test
    void aSecondFileOrDirectoryOfTheSameNameIsRefusedWithTheKernelsMessage() {
        RunResult r = Lab.module("""
                #include <linux/debugfs.h>
                static struct dentry *dir;
                static u32 v;
                """, """
                    struct dentry *again;

                    dir = debugfs_create_dir("lab", NULL);
                    again = debugfs_create_dir("lab", NULL);
                    pr_info("dir again %ld", PTR_ERR(again));
                    debugfs_create_file("v", 0600, dir, &v, NULL);
                    pr_info("file again %ld", PTR_ERR(debugfs_create_file("v", 0600, dir, &v, NULL)));
                    pr_info("under error %ld", PTR_ERR(debugfs_create_dir("x", again)));
                    return 0;
                """, "debugfs_remove(dir);").run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "debugfs: Directory 'lab' with parent '/' already present!",
                        "dir again -17",
                        "debugfs: File 'v' in directory 'lab' already present!",
                        "file again -17",
                        "under error -17");
    }

    @Test
    void lookupAndRemoveFindsAFileByNameAndABlobReadsItsBytes() {
        RunResult r = Lab.module(
                        """
                #include <linux/debugfs.h>
                static struct dentry *dir;
                static char data[] = "blob!";
                static struct debugfs_blob_wrapper blob = { .data = data, .size = 5 };
                static int get_fn(void *data, u64 *val) { *val = 99; return 0; }
                DEFINE_DEBUGFS_ATTRIBUTE(answer_fops, get_fn, NULL, "%llu\\n");
                """,
                        """
                    dir = debugfs_create_dir("lab", NULL);
                    debugfs_create_blob("blob", 0444, dir, &blob);
                    debugfs_create_file_unsafe("answer", 0444, dir, NULL, &answer_fops);
                    return 0;
                """,
                        "debugfs_lookup_and_remove(\"blob\", dir);\npr_info(\"gone %d\", debugfs_lookup(\"blob\", dir) == NULL);"
                                + "\ndebugfs_remove(dir);")
                .run("insmod lab\ncat " + D + "blob\ncat " + D + "answer\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(r.output()).contains("cat: read(3, \"blob!\", 4096) = 5", "cat: read(3, \"99\\n\", 4096) = 3");
        assertThat(Lab.driverLog(r)).contains("gone 1");
    }
}
