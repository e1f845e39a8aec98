package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.describe;
import static dev.driverlab.kernel.Lab.events;
import static dev.driverlab.kernel.Lab.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "procfs and seq_file" (fs/seq_file.c, fs/proc/generic.c, fs/proc/inode.c,
 * fs/read_write.c): the start/next/stop/show cycle of seq_read, its buffer, seq_lseek, single_open, the /proc
 * entries (directories, data, size, removal while open) and lseek on files.
 */
class ProcSeqFileRulesTests {

    /**
     * /proc/lab: NREC records "record N\n" through seq_operations that log each call; record BIG (if any) prints
     * 500 lines of 10 bytes, more than a page.
     */
    private static Lab seqModule(String tweaks) {
        return Lab.module("""
                #include <linux/proc_fs.h>
                #include <linux/seq_file.h>

                #define NREC 3
                #define BIG -1
                """ + tweaks + """

                static void *lab_start(struct seq_file *s, loff_t *pos)
                {
                    pr_info("start %lld\\n", *pos);
                    if (*pos >= NREC)
                        return NULL;
                    return pos;
                }

                static void *lab_next(struct seq_file *s, void *v, loff_t *pos)
                {
                    NEXT;
                    pr_info("next %lld\\n", *pos);
                    if (*pos >= NREC)
                        return NULL;
                    return pos;
                }

                static void lab_stop(struct seq_file *s, void *v)
                {
                    pr_info("stop\\n");
                }

                static int lab_show(struct seq_file *s, void *v)
                {
                    loff_t i = *(loff_t *)v;
                    int k;

                    pr_info("show %lld\\n", i);
                    if (i == BIG) {
                        for (k = 0; k < 500; k++)
                            seq_printf(s, "%09d\\n", k);
                        return 0;
                    }
                    SHOW;
                    return 0;
                }

                static const struct seq_operations lab_seq_ops = {
                    .start = lab_start,
                    .next = lab_next,
                    .stop = lab_stop,
                    .show = lab_show,
                };

                static int lab_open(struct inode *inode, struct file *file)
                {
                    return seq_open(file, &lab_seq_ops);
                }

                static const struct proc_ops lab_pops = {
                    .proc_open = lab_open,
                    .proc_read = seq_read,
                    .proc_lseek = seq_lseek,
                    .proc_release = seq_release,
                };
                """, """
                    if (!proc_create("lab", 0444, NULL, &lab_pops))
                        return -ENOMEM;
                    return 0;
                """, """
                    remove_proc_entry("lab", NULL);
                """);
    }

    private static final String DEFAULTS = """
            #define NEXT (*pos)++
            #define SHOW seq_printf(s, "record %lld\\n", i)
            """;

    private static final Lab SEQ = seqModule(DEFAULTS);

    private static final String OPEN_A = "A: open(\"/proc/lab\", O_RDWR) = 3";

    /** The run, which must have ended without a script error or a report. */
    private static RunResult clean(RunResult r) {
        assertThat(r.error()).as(describe(r)).isNull();
        assertThat(r.reports()).as(describe(r)).isEmpty();
        return r;
    }

    // ---- seq_read ----

    @Test
    void catRunsStartThenShowAndNextForEveryRecordThenStopAndAStartAtTheEndSaysEndOfFile() {
        RunResult r = clean(SEQ.run("insmod lab\ncat /proc/lab"));
        assertThat(r.output())
                .containsSubsequence(
                        "cat: open(\"/proc/lab\", O_RDONLY) = 3",
                        "cat: read(3, \"record 0\\nrecord 1\\nrecord 2\\n\", 4096) = 27",
                        "cat: read(3, \"\", 4096) = 0",
                        "cat: close(3) = 0");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "start 0", "show 0", "next 1", "show 1", "next 2", "show 2", "next 3", "stop", "start 3",
                        "stop");
    }

    @Test
    void aSmallReadLeavesTheRestOfTheRecordInTheBufferAndTheNextReadTakesItFirst() {
        RunResult r = clean(SEQ.run("insmod lab\nopen /proc/lab as A\nread A 5\nread A 5\nread A\nread A"));
        assertThat(r.output())
                .containsExactly(
                        OPEN_A,
                        "A: read(3, \"recor\", 5) = 5",
                        "A: read(3, \"d 0\\nr\", 5) = 5",
                        "A: read(3, \"ecord 1\\nrecord 2\\n\", 4096) = 17",
                        "A: read(3, \"\", 4096) = 0");
        // every record shown is followed by one ->next, even when the reader wants no more of it
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "start 0", "show 0", "next 1", "stop", "start 1", "show 1", "next 2", "stop", "start 2",
                        "show 2", "next 3", "stop", "start 3", "stop");
    }

    @Test
    void aRecordLargerThanThePageIsShownAgainInABufferTwiceAsLarge() {
        RunResult r = clean(seqModule(DEFAULTS + "#undef BIG\n#define BIG 1\n").run("insmod lab\ncat /proc/lab"));
        assertThat(r.output())
                .filteredOn(l -> l.startsWith("cat: read"))
                .extracting(l -> l.replaceAll(".* = ", ""))
                .containsExactly("9", "4096", "913", "0");
        // the first read keeps record 0 and drops the one that overflowed; the next starts over with 8 KiB
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "start 0", "show 0", "next 1", "show 1", "stop", "start 1", "show 1", "stop", "start 1",
                        "show 1", "next 2", "stop", "start 2", "show 2", "next 3", "stop", "start 3", "stop");
        assertThat(events(r, "alloc", "kvmalloc")).extracting(TraceEvent::to).containsExactly(4096L, 8192L);
        assertThat(events(r, "free", "kvfree")).hasSize(2);
    }

    @Test
    void seqLseekBackToZeroReadsFromTheFirstRecordAgainAndSeekEndIsInvalid() {
        RunResult r = clean(SEQ.run("insmod lab\nopen /proc/lab as A\nread A\nlseek A 0\nread A 9\nlseek A 0 SEEK_CUR\n"
                + "lseek A 0 SEEK_END"));
        assertThat(r.output())
                .containsExactly(
                        OPEN_A,
                        "A: read(3, \"record 0\\nrecord 1\\nrecord 2\\n\", 4096) = 27",
                        "A: lseek(3, 0, SEEK_SET) = 0",
                        "A: read(3, \"record 0\\n\", 9) = 9",
                        "A: lseek(3, 0, SEEK_CUR) = 9",
                        "A: lseek(3, 0, SEEK_END) = -1 EINVAL (Invalid argument)");
    }

    @Test
    void seekingIntoARecordReplaysTheRecordsBeforeItAndTheReadStartsThere() {
        RunResult r = clean(SEQ.run("insmod lab\nopen /proc/lab as A\nlseek A 12\nread A\nlseek A 2 SEEK_CUR\nread A"));
        assertThat(r.output())
                .containsExactly(
                        OPEN_A,
                        "A: lseek(3, 12, SEEK_SET) = 12",
                        "A: read(3, \"ord 1\\nrecord 2\\n\", 4096) = 15",
                        "A: lseek(3, 2, SEEK_CUR) = 29",
                        "A: read(3, \"\", 4096) = 0");
        // traverse: records 0 and 1 are shown to count their bytes, then the read goes on from inside record 1
        assertThat(Lab.driverLog(r)).startsWith("start 0", "show 0", "next 1", "show 1", "next 2", "stop", "start 2");
    }

    @Test
    void aNextThatDoesNotMoveThePositionIsReportedAndThePositionMovesAnyway() {
        RunResult r = clean(seqModule("#define NEXT (void)0\n#define SHOW seq_printf(s, \"record %lld\\n\", i)\n"
                        + "#undef NREC\n#define NREC 1\n")
                .run("insmod lab\ncat /proc/lab"));
        // ->next returned the same position (0, then 1): seq_read_iter moved the index itself, so the record at the
        // position it made up is shown too
        assertThat(Lab.driverLog(r))
                .filteredOn(l -> l.startsWith("buggy"))
                .containsExactly(
                        "buggy .next function lab_next [lab] did not update position index",
                        "buggy .next function lab_next [lab] did not update position index");
        assertThat(r.output())
                .contains("cat: read(3, \"record 0\\nrecord 1\\n\", 4096) = 18", "cat: read(3, \"\", 4096) = 0");
    }

    @Test
    void aShowThatReturnsSeqSkipLeavesItsRecordOut() {
        RunResult r = clean(seqModule("#define NEXT (*pos)++\n#define SHOW seq_printf(s, \"record %lld\\n\", i); "
                        + "if (i == 1) return SEQ_SKIP\n")
                .run("insmod lab\ncat /proc/lab"));
        assertThat(r.output()).contains("cat: read(3, \"record 0\\nrecord 2\\n\", 4096) = 18");
    }

    @Test
    void anErrorFromTheFirstShowIsWhatReadReturns() {
        RunResult r = clean(
                seqModule("#define NEXT (*pos)++\n#define SHOW return -EIO\n").run("insmod lab\ncat /proc/lab"));
        assertThat(r.output()).contains("cat: read(3, \"\", 4096) = -1 EIO (Input/output error)");
        assertThat(Lab.driverLog(r)).containsExactly("start 0", "show 0", "stop");
    }

    @Test
    void seqPutsPutcAndWriteFillTheRecordAndSeqPrintfFormatsLikePrintk() {
        RunResult r = clean(seqModule("#define NEXT (*pos)++\n#define SHOW seq_puts(s, \"r\"); seq_putc(s, '='); "
                        + "seq_write(s, \"xyz\", 2); seq_printf(s, \"%3Ld|%-4s|%#x\\n\", i, \"ab\", 255)\n")
                .run("insmod lab\ncat /proc/lab"));
        assertThat(r.output())
                .contains("cat: read(3, \"r=xy  0|ab  |0xff\\nr=xy  1|ab  |0xff\\nr=xy  2|ab  |0xff\\n\", 4096) = 54");
    }

    @Test
    void singleOpenShowsOneRecordWithItsDataAndSingleReleaseFreesWhatItAllocated() {
        RunResult r = Lab.module("""
                #include <linux/proc_fs.h>
                #include <linux/seq_file.h>

                static int answer = 42;

                static int lab_show(struct seq_file *m, void *v)
                {
                    seq_printf(m, "answer %d\\n", *(int *)m->private);
                    return 0;
                }

                static int lab_open(struct inode *inode, struct file *file)
                {
                    return single_open(file, lab_show, pde_data(inode));
                }

                static const struct proc_ops lab_pops = {
                    .proc_open = lab_open,
                    .proc_read = seq_read,
                    .proc_lseek = seq_lseek,
                    .proc_release = single_release,
                };
                """, """
                    if (!proc_create_data("lab", 0, NULL, &lab_pops, &answer))
                        return -ENOMEM;
                    return 0;
                """, "\tremove_proc_entry(\"lab\", NULL);")
                .run("insmod lab\ncat /proc/lab\ncat /proc/lab\nrmmod lab");
        clean(r);
        assertThat(r.output())
                .filteredOn(l -> l.startsWith("cat: read"))
                .containsExactly(
                        "cat: read(3, \"answer 42\\n\", 4096) = 10", "cat: read(3, \"\", 4096) = 0",
                        "cat: read(3, \"answer 42\\n\", 4096) = 10", "cat: read(3, \"\", 4096) = 0");
        assertThat(r.state().objects())
                .filteredOn(o -> o.live()
                        && o.allocatedBy() != null
                        && String.join(" ", o.allocatedBy()).matches(".*(single_open|seq_open|seq_read).*"))
                .isEmpty();
    }

    @Test
    void procCreateSingleAndProcCreateSeqNeedNoProcOpsOfTheModule() {
        RunResult r = Lab.module("""
                #include <linux/proc_fs.h>
                #include <linux/seq_file.h>

                struct item {
                    struct list_head node;
                    int n;
                };

                static LIST_HEAD(items);
                static struct item a = { .n = 1 };
                static struct item b = { .n = 2 };

                static int one_show(struct seq_file *m, void *v)
                {
                    seq_puts(m, "one\\n");
                    return 0;
                }

                static void *it_start(struct seq_file *m, loff_t *pos)
                {
                    return seq_list_start(&items, *pos);
                }

                static void *it_next(struct seq_file *m, void *v, loff_t *pos)
                {
                    return seq_list_next(v, &items, pos);
                }

                static void it_stop(struct seq_file *m, void *v)
                {
                }

                static int it_show(struct seq_file *m, void *v)
                {
                    seq_printf(m, "item %d\\n", list_entry(v, struct item, node)->n);
                    return 0;
                }

                static const struct seq_operations it_ops = {
                    .start = it_start, .next = it_next, .stop = it_stop, .show = it_show,
                };
                """, """
                    list_add_tail(&a.node, &items);
                    list_add_tail(&b.node, &items);
                    proc_create_single("one", 0, NULL, one_show);
                    proc_create_seq("items", 0, NULL, &it_ops);
                    return 0;
                """, "\tremove_proc_entry(\"one\", NULL);\n\tremove_proc_entry(\"items\", NULL);")
                .run("insmod lab\ncat /proc/one\ncat /proc/items\nrmmod lab");
        clean(r);
        assertThat(r.output())
                .contains("cat: read(3, \"one\\n\", 4096) = 4", "cat: read(3, \"item 1\\nitem 2\\n\", 4096) = 14");
        // the read goes through ->read_iter: proc_reg_read_iter calls seq_read_iter
        assertThat(Lab.entered(r)).contains("proc_reg_read_iter", "seq_read_iter", "proc_single_open", "proc_seq_open");
    }

    // ---- /proc entries ----

    private static final String NAMED = """
            #include <linux/proc_fs.h>

            static struct proc_dir_entry *dir;
            static int value = 7;

            static ssize_t lab_read(struct file *file, char __user *buf, size_t len, loff_t *off)
            {
                int *data = pde_data(file_inode(file));

                pr_info("read %s data %d size %lld\\n", file->f_path.dentry->d_name.name, *data,
                        file_inode(file)->i_size);
                return 0;
            }

            static const struct proc_ops lab_pops = {
                .proc_read = lab_read,
                .proc_lseek = default_llseek,
            };
            """;

    @Test
    void anEntryInAProcDirectoryHasItsNameDataAndSizeAndTheDirectoryIsNoFileToWrite() {
        RunResult r = Lab.module(NAMED, """
                    struct proc_dir_entry *e;

                    dir = proc_mkdir("labdir", NULL);
                    e = proc_create_data("entry", 0644, dir, &lab_pops, &value);
                    proc_set_size(e, 80);
                    proc_set_user(e, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID);
                    return 0;
                """, "\tproc_remove(dir);").run("""
                insmod lab
                cat /proc/labdir/entry
                open /proc/labdir/entry as A
                lseek A -10 SEEK_END
                lseek A 0 SEEK_CUR
                open /proc/labdir as D
                cat /proc/labdir
                rmmod lab
                cat /proc/labdir/entry
                """);
        clean(r);
        assertThat(Lab.driverLog(r)).containsExactly("read entry data 7 size 80");
        assertThat(r.output())
                .contains(
                        "A: lseek(3, -10, SEEK_END) = 70",
                        "A: lseek(3, 0, SEEK_CUR) = 70",
                        "D: open(\"/proc/labdir\", O_RDWR) = -1 EISDIR (Is a directory)",
                        "cat: read(3, \"\", 4096) = -1 EISDIR (Is a directory)",
                        "cat: open(\"/proc/labdir/entry\", O_RDONLY) = -1 ENOENT (No such file or directory)");
    }

    @Test
    void aLongNameIsKeptOutsideTheEntryAndTheDentry() {
        RunResult r = Lab.module(NAMED, """
                    proc_create_data("a_name_longer_than_thirty_two_bytes", 0, NULL, &lab_pops, &value);
                    return 0;
                """, "\tremove_proc_entry(\"a_name_longer_than_thirty_two_bytes\", NULL);")
                .run("insmod lab\ncat /proc/a_name_longer_than_thirty_two_bytes\nrmmod lab");
        clean(r);
        assertThat(Lab.driverLog(r)).containsExactly("read a_name_longer_than_thirty_two_bytes data 7 size 0");
    }

    @Test
    void withoutProcLseekAFileDoesNotSeekAndNoopLlseekKeepsThePosition() {
        RunResult r = Lab.module("""
                #include <linux/proc_fs.h>

                static const struct proc_ops none = { };
                static const struct proc_ops noop = { .proc_lseek = noop_llseek };
                """, """
                    proc_create("none", 0, NULL, &none);
                    proc_create("noop", 0, NULL, &noop);
                    return 0;
                """, "\tremove_proc_entry(\"none\", NULL);\n\tremove_proc_entry(\"noop\", NULL);")
                .run("insmod lab\nopen /proc/none as A\nlseek A 5\nread A\nwrite A x\nopen /proc/noop as B\n"
                        + "lseek B 5\nrmmod lab");
        clean(r);
        assertThat(r.output())
                .contains(
                        "A: lseek(3, 5, SEEK_SET) = -1 ESPIPE (Illegal seek)",
                        "A: read(3, \"\", 4096) = -1 EIO (Input/output error)",
                        "A: write(3, \"x\", 1) = -1 EIO (Input/output error)",
                        "B: lseek(3, 5, SEEK_SET) = 0");
    }

    @Test
    void procRemoveWhileOpenReleasesTheSeqFileAndTheEntryLivesUntilTheLastClose() {
        RunResult r =
                clean(SEQ.run("insmod lab\nopen /proc/lab as A\nread A 4\nrmmod lab\nread A\nlseek A 0\nclose A"));
        assertThat(r.output())
                .containsExactly(
                        OPEN_A,
                        "A: read(3, \"reco\", 4) = 4",
                        "A: read(3, \"\", 4096) = -1 EIO (Input/output error)",
                        "A: lseek(3, 0, SEEK_SET) = -1 EINVAL (Invalid argument)",
                        "A: close(3) = 0");
        // the rundown runs ->proc_release (seq_release) in rmmod; the entry itself goes with A's inode
        assertThat(events(r, "enter", "seq_release"))
                .extracting(TraceEvent::context)
                .containsExactly("rmmod");
        long pdeFree = events(r, e -> e.kind().equals("free") && "pde_free".equals(e.function()))
                .get(0)
                .seq();
        assertThat(pdeFree).isGreaterThan(first(r, "command", "close A"));
    }

    @Test
    void aSecondEntryOfTheSameNameWarnsAndIsNotCreated() {
        RunResult r =
                Lab.module("""
                #include <linux/proc_fs.h>

                static const struct proc_ops lab_pops = { };
                """, """
                    proc_create("lab", 0, NULL, &lab_pops);
                    if (!proc_create("lab", 0, NULL, &lab_pops))
                        pr_info("second: NULL\\n");
                    remove_proc_entry("nothing", NULL);
                    return 0;
                """, "\tremove_proc_entry(\"lab\", NULL);").run("insmod lab\nrmmod lab");
        assertThat(r.reports()).as(describe(r)).isEmpty();
        assertThat(Lab.driverLog(r))
                .contains("proc_dir_entry '/proc/lab' already registered", "second: NULL", "name 'nothing'");
        assertThat(Lab.driverLog(r))
                .as("the failed entry's inode number is freed once")
                .noneMatch(l -> l.contains("ida_free"));
        assertThat(Lab.driverLog(r))
                .filteredOn(l -> l.startsWith("WARNING: CPU: "))
                .anyMatch(l -> l.contains("proc_register"))
                .anyMatch(l -> l.contains("remove_proc_entry"));
    }

    @Test
    void removingADirectoryThatStillHasEntriesWarnsAndProcRemoveTakesTheWholeSubtree() {
        RunResult r = Lab.module("""
                #include <linux/proc_fs.h>

                static const struct proc_ops lab_pops = { };
                static struct proc_dir_entry *dir;
                """, """
                    dir = proc_mkdir("d", NULL);
                    proc_create("x", 0, dir, &lab_pops);
                    proc_create("d/y", 0, NULL, &lab_pops);
                    return 0;
                """, "\tproc_remove(dir);")
                .run("insmod lab\nopen /proc/d/x as A\nopen /proc/d/y as B\n"
                        + "rmmod lab\nopen /proc/d/y as C\nclose A\nclose B");
        clean(r);
        assertThat(r.output())
                .contains(
                        "A: open(\"/proc/d/x\", O_RDWR) = 3",
                        "B: open(\"/proc/d/y\", O_RDWR) = 3",
                        "C: open(\"/proc/d/y\", O_RDWR) = -1 ENOENT (No such file or directory)");
        assertThat(Lab.driverLog(r)).noneMatch(l -> l.contains("WARNING"));

        RunResult leak =
                Lab.module("""
                #include <linux/proc_fs.h>

                static const struct proc_ops lab_pops = { };
                """, """
                    proc_create("x", 0, proc_mkdir("d", NULL), &lab_pops);
                    return 0;
                """, "\tremove_proc_entry(\"d\", NULL);").run("insmod lab\nrmmod lab");
        assertThat(Lab.driverLog(leak))
                .contains("remove_proc_entry: removing non-empty directory '/proc/d', leaking at least 'x'");
    }

    // ---- lseek on other files ----

    @Test
    void nonseekableOpenForbidsLseekEvenWithAnLlseekMethod() {
        RunResult r = Lab.module(
                        """
                #include <linux/fs.h>
                #include <linux/miscdevice.h>

                static int lab_open(struct inode *inode, struct file *file)
                {
                    return SEEKABLE ? 0 : nonseekable_open(inode, file);
                }

                static struct file_operations lab_fops = {
                    .owner = THIS_MODULE,
                    .open = lab_open,
                    .llseek = LLSEEK,
                };
                static struct miscdevice lab_misc = {
                    .minor = MISC_DYNAMIC_MINOR, .name = "lab", .fops = &lab_fops,
                };
                """.replace("SEEKABLE", "file->f_flags & O_NONBLOCK").replace("LLSEEK", "default_llseek"),
                        """
                    return misc_register(&lab_misc);
                """,
                        "\tmisc_deregister(&lab_misc);")
                .run("insmod lab\nopen /dev/lab as A\nlseek A 5\nopen /dev/lab nonblock as B\nlseek B 5\n"
                        + "lseek B 3 SEEK_CUR\nlseek B -9 SEEK_CUR");
        clean(r);
        assertThat(r.output())
                .contains(
                        "A: lseek(3, 5, SEEK_SET) = -1 ESPIPE (Illegal seek)",
                        "B: lseek(3, 5, SEEK_SET) = 5",
                        "B: lseek(3, 3, SEEK_CUR) = 8",
                        "B: lseek(3, -9, SEEK_CUR) = -1 EINVAL (Invalid argument)");
    }
}
