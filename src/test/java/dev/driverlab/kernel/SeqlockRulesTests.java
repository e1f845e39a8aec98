package dev.driverlab.kernel;

import static dev.driverlab.kernel.Lab.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Sleeping" (include/linux/seqlock.h): a writer makes the count odd while it writes; a reader
 * that overlapped it reads again, and one that begins inside it waits for the writer to end.
 */
class SeqlockRulesTests {

    private static final String SRC =
            "#include <linux/module.h>\n#include <linux/seqlock.h>\n#include <linux/kthread.h>\n" + """
            static DEFINE_SEQLOCK(sl);
            static int a, b;

            static int reader(void *arg)
            {
                unsigned seq;
                int x, y, tries = 0;

                do {
                    tries++;
                    seq = read_seqbegin(&sl);
                    x = a; /* reader reads */
                    y = b;
                } while (read_seqretry(&sl, seq));
                pr_info("read %d %d after %d tries, seq %u", x, y, tries, seq);
                return 0;
            }

            static int writer(void *arg)
            {
                write_seqlock(&sl);
                a = 1; /* writer writes */
                b = 1;
                write_sequnlock(&sl);
                return 0;
            }

            static int __init lab_init(void)
            {
                kthread_run(reader, NULL, "r");
                kthread_run(writer, NULL, "w");
                return 0;
            }
            module_init(lab_init);
            MODULE_LICENSE("GPL");
            """;

    @Test
    void aReaderAWriterOverlappedReadsAgainAndSeesBothWrites() {
        String paused = "break " + Lab.lineOf(SRC, "reader reads") + "\ninsmod lab";
        RunResult r = Lab.driver(SRC).run(paused + "\ndelete " + Lab.lineOf(SRC, "reader reads") + "\ncontinue r");
        assertThat(Lab.driverLog(r)).containsExactly("read 1 1 after 2 tries, seq 2");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void aReaderThatBeginsInsideAWriteWaitsForItsEnd() {
        String src = SRC.replace(
                "kthread_run(reader, NULL, \"r\");\n    kthread_run(writer, NULL, \"w\");",
                "kthread_run(writer, NULL, \"w\");\n    kthread_run(reader, NULL, \"r\");");
        String paused = "break " + Lab.lineOf(src, "writer writes") + "\ninsmod lab";
        RunResult inside = Lab.driver(src).run(paused);
        assertThat(context(inside, "w").status()).isEqualTo("paused");
        assertThat(context(inside, "r").status()).isEqualTo("blocked");
        assertThat(context(inside, "r").waitingOn()).startsWith("read_seqcount_begin: waiting for the writer of ");
        RunResult after = Lab.driver(src).run(paused + "\ncontinue w");
        assertThat(Lab.driverLog(after)).containsExactly("read 1 1 after 1 tries, seq 2");
    }

    @Test
    void theWriterHoldsASpinlockAndMayNotSleep() {
        RunResult r = Lab.init("#include <linux/seqlock.h>\n#include <linux/delay.h>\nstatic DEFINE_SEQLOCK(sl);", """
                	write_seqlock(&sl);
                	msleep(1);
                	write_sequnlock(&sl);
                	return 0;
                """)
                .run("insmod lab");
        assertThat(Lab.report(r).title()).startsWith("BUG: scheduling while atomic: insmod/"); // msleep schedules
    }
}
