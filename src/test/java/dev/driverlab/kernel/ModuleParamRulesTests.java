package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Module parameters" (kernel/params.c, lib/cmdline.c, kernel/module/main.c): what
 * {@code insmod m name=value ...} does to module_param(), module_param_array() and module_param_string() variables,
 * kernel/params.c's messages for bad values, and /sys/module/m/parameters/.
 */
class ModuleParamRulesTests {

    /** A module in the style of LKMPG's hello-5.c: one parameter of each kind, printed by init. */
    private static final Lab PARAMS = Lab.module("""
            static short int myshort = 1;
            static int myint = 420;
            static long int mylong = 9999;
            static char *mystring = "blah";
            static int myintarray[2] = { 420, 420 };
            static int arr_argc = 0;
            static bool verbose;
            static char name[8] = "none";

            module_param(myshort, short, S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP);
            MODULE_PARM_DESC(myshort, "A short integer");
            module_param(myint, int, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
            module_param(mylong, long, S_IRUSR);
            module_param(mystring, charp, 0000);
            module_param_array(myintarray, int, &arr_argc, 0444);
            module_param(verbose, bool, 0644);
            module_param_string(name, name, sizeof(name), 0644);
            """, """
                int i;

                pr_info("myshort %hd myint %d mylong %ld mystring %s verbose %d name %s\\n", myshort, myint, mylong,
                        mystring, verbose, name);
                for (i = 0; i < ARRAY_SIZE(myintarray); i++)
                    pr_info("myintarray[%d] = %d\\n", i, myintarray[i]);
                pr_info("got %d arguments for myintarray.\\n", arr_argc);
                return 0;
            """, "");

    @Test
    void withoutArgumentsTheDefaultsStand() {
        RunResult r = PARAMS.run("insmod lab");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "myshort 1 myint 420 mylong 9999 mystring blah verbose 0 name none",
                        "myintarray[0] = 420",
                        "myintarray[1] = 420",
                        "got 0 arguments for myintarray.");
    }

    @Test
    void insmodArgumentsSetTheVariablesBeforeInitRuns() {
        RunResult r = PARAMS.run(
                "insmod lab mystring=\"bebop\" myshort=255 myintarray=-1 verbose name=abc mylong=0x10\n" + "rmmod lab");
        assertThat(Lab.driverLog(r))
                .startsWith(
                        "myshort 255 myint 420 mylong 16 mystring bebop verbose 1 name abc",
                        "myintarray[0] = -1",
                        "myintarray[1] = 420",
                        "got 1 arguments for myintarray.");
        assertThat(r.reports()).as("the charp copy is freed at rmmod").isEmpty();
    }

    @Test
    void quotesKeepSpacesAndDashesMatchUnderscores() {
        RunResult r = PARAMS.run("insmod lab mystring=\"two words\" myintarray=5,6");
        assertThat(Lab.driverLog(r).get(0)).contains("mystring two words");
        assertThat(Lab.driverLog(r)).contains("myintarray[1] = 6", "got 2 arguments for myintarray.");
    }

    @Test
    void anUnknownParameterIsIgnoredWithAWarning() {
        RunResult r = PARAMS.run("insmod lab frobnicate=1 myint=7");
        assertThat(Lab.driverLog(r))
                .startsWith(
                        "lab: unknown parameter 'frobnicate' ignored",
                        "myshort 1 myint 7 mylong 9999 mystring blah verbose 0 name none");
    }

    @Test
    void aBadValueFailsInsmodWithInvalidParametersAndInitNeverRuns() {
        RunResult r = PARAMS.run("insmod lab myint=12abc\nlsmod");
        assertThat(Lab.driverLog(r)).containsExactly("lab: `12abc' invalid for parameter `myint'");
        assertThat(r.output()).contains("insmod: ERROR: could not insert module lab.ko: Invalid parameters");
        assertThat(r.output()).noneMatch(l -> l.startsWith("lab "));
    }

    @Test
    void tooManyArrayValuesAndTooLongAStringAreRefused() {
        assertThat(Lab.driverLog(PARAMS.run("insmod lab myintarray=1,2,3")))
                .containsExactly(
                        "myintarray: can only take 2 arguments", "lab: `1' invalid for parameter `myintarray'");
        RunResult r = PARAMS.run("insmod lab name=muchtoolong");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "name: string doesn't fit in 7 chars.", "lab: `muchtoolong' too large for parameter `name'");
        assertThat(r.output()).contains("insmod: ERROR: could not insert module lab.ko: No space left on device");
    }

    @Test
    void readableParametersAreFilesUnderSysModule() {
        RunResult r = PARAMS.run("""
                insmod lab myintarray=3,4 verbose=n
                cat /sys/module/lab/parameters/myint
                cat /sys/module/lab/parameters/myintarray
                cat /sys/module/lab/parameters/verbose
                cat /sys/module/lab/parameters/mystring
                echo 77 > /sys/module/lab/parameters/myshort
                cat /sys/module/lab/parameters/myshort
                echo 1 > /sys/module/lab/parameters/mylong
                open /sys/module/lab/parameters/mylong as w
                rmmod lab
                cat /sys/module/lab/parameters/myint
                """);
        assertThat(r.output())
                .containsSubsequence(
                        "cat: read(3, \"420\\n\", 4096) = 4",
                        "cat: read(3, \"3,4\\n\", 4096) = 4",
                        "cat: read(3, \"N\\n\", 4096) = 2");
        assertThat(r.output())
                .anyMatch(l ->
                        l.contains("/sys/module/lab/parameters/mystring") && l.contains("ENOENT")); // perm 0: no file
        assertThat(r.output()).anyMatch(l -> l.contains("read(3, \"77\\n\", 4096) = 3"));
        assertThat(r.output())
                .contains("echo: open(\"/sys/module/lab/parameters/mylong\", "
                        + "O_WRONLY|O_CREAT|O_TRUNC) = -1 EACCES (Permission denied)"); // S_IRUSR only: no writing
        assertThat(r.output())
                .anyMatch(l -> l.contains("open(\"/sys/module/lab/parameters/mylong\", O_RDWR) = -1 EACCES"));
        assertThat(r.output().get(r.output().size() - 2)).contains("ENOENT"); // gone with the module
    }

    @Test
    void rmmodWaitsForAParameterWriteInsideItsSetBeforeTheModuleGoes() {
        // kernfs: the store holds an active reference; removing the parameters drains it (no use-after-free)
        RunResult r = PARAMS.run("""
                insmod lab
                break param_set_int
                echo 9 > /sys/module/lab/parameters/myint
                rmmod lab
                continue
                """);
        assertThat(r.reports()).isEmpty();
        assertThat(r.output()).contains("echo: write(3, \"9\\n\", 2) = 2");
        long written = Lab.first(r, "return", "param_set_int");
        assertThat(Lab.first(r, "module-state", "UNLOADED")).isGreaterThan(written);
    }
}
