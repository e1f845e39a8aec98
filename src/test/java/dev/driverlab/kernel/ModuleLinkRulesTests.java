package dev.driverlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.engine.view.StateView;
import dev.driverlab.lang.CompileException;
import dev.driverlab.scenario.RunResult;
import org.junit.jupiter.api.Test;

/**
 * docs/kernel-model.md, "Modules": symbols one module exports and another uses (kernel/module/main.c's
 * simplify_symbols, resolve_symbol, ref_module, delete_module), with two modules in LKMPG's style.
 *
 * <p>Checked on the real 6.1.192 (the QEMU harness, an exporter {@code expa} of one plain and one GPL-only function
 * and a GPL user {@code usea}): without the exporter, insmod fails and dmesg has one {@code usea: Unknown symbol
 * expa_gpl_fn (err -2)} line per missing symbol (in the order the object code first refers to them); with it,
 * {@code /proc/modules} shows {@code expa 16384 1 usea,}, {@code /sys/module/expa/holders/usea} exists and
 * {@code rmmod expa} is refused with -EAGAIN (= -EWOULDBLOCK) until {@code rmmod usea}, after which the count is 0.
 */
class ModuleLinkRulesTests {

    /** The exporter: a counter service, one GPL-only function, one in a namespace, and a variable. */
    private static final String LAB = """
            #include <linux/kernel.h>
            #include <linux/module.h>

            int lab_counter = 40;
            EXPORT_SYMBOL(lab_counter);

            static int registered;

            int lab_register(const char *who)
            {
            	registered++;
            	pr_info("lab: %s registered (%d)\\n", who, registered);
            	return registered;
            }
            EXPORT_SYMBOL(lab_register);

            void lab_unregister(const char *who)
            {
            	registered--;
            	pr_info("lab: %s unregistered (%d)\\n", who, registered);
            }
            EXPORT_SYMBOL(lab_unregister);

            int lab_gpl_only(void)
            {
            	return 7;
            }
            EXPORT_SYMBOL_GPL(lab_gpl_only);

            int lab_in_namespace(void)
            {
            	return 9;
            }
            EXPORT_SYMBOL_NS(lab_in_namespace, LAB_NS);

            static int __init lab_init(void)
            {
            	pr_info("lab: loaded\\n");
            	return 0;
            }

            static void __exit lab_exit(void)
            {
            	pr_info("lab: unloaded\\n");
            }

            module_init(lab_init);
            module_exit(lab_exit);
            MODULE_LICENSE("GPL");
            """;

    /** A user of lab's symbols: {@code extra} goes before its init, {@code body} into it; its license is given. */
    private static String user(String extra, String body, String license) {
        return """
                #include <linux/kernel.h>
                #include <linux/module.h>

                int lab_register(const char *who);
                void lab_unregister(const char *who);
                int lab_gpl_only(void);
                int lab_in_namespace(void);
                extern int lab_counter;
                """ + extra + """

                static int __init user_init(void)
                {
                """ + body + """
                }

                static void __exit user_exit(void)
                {
                	lab_unregister("user");
                }

                module_init(user_init);
                module_exit(user_exit);
                MODULE_LICENSE(\"""" + license + "\");\n";
    }

    private static final String USER = user("", """
            	int n = lab_register("user");

            	pr_info("user: got %d, counter %d\\n", n, lab_counter);
            	lab_counter++;
            	return 0;
            """, "GPL");

    private static RunResult run(String userSource, String script) {
        return Lab.driver(LAB).withModule("user", userSource).run(script);
    }

    private static StateView.ModuleView module(RunResult r, String name) {
        return r.state().modules().stream()
                .filter(m -> m.name().equals(name) && !m.state().equals("UNLOADED"))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aModuleCallsAndReadsWhatALoadedModuleExports() {
        RunResult r = run(USER, "insmod lab\ninsmod user\nlsmod");
        assertThat(r.error()).isNull();
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r))
                .containsSubsequence("lab: loaded", "lab: user registered (1)", "user: got 1, counter 40");
        assertThat(r.output())
                .containsExactly(
                        "Module                  Size  Used by",
                        "lab                     4096  1 user",
                        "user                    4096  0");
        assertThat(module(r, "lab").refcount()).isEqualTo(1);
        assertThat(module(r, "lab").usedBy()).containsExactly("user");
        assertThat(module(r, "user").usedBy()).isEmpty();
    }

    @Test
    void theExporterSeesTheUsersWriteToItsVariable() {
        String reader = user("", """
                	lab_counter++;
                	pr_info("user: counter %d, lab says %d\\n", lab_counter, lab_register("user"));
                	return 0;
                """, "GPL");
        RunResult r = run(reader, "insmod lab\ninsmod user");
        assertThat(Lab.driverLog(r)).contains("user: counter 41, lab says 1");
    }

    @Test
    void aStaticInitializerMayNameAnotherModulesFunction() {
        String viaPointer = user("static int (*reg)(const char *) = lab_register;\n", """
                	pr_info("user: via pointer %d\\n", reg("user"));
                	return 0;
                """, "GPL");
        RunResult r = run(viaPointer, "insmod lab\ninsmod user");
        assertThat(r.reports()).isEmpty();
        assertThat(Lab.driverLog(r)).contains("lab: user registered (1)", "user: via pointer 1");
    }

    @Test
    void withoutTheExporterLoadedInsmodFailsOnEachUnknownSymbol() {
        RunResult r = run(USER, "insmod user\nlsmod");
        assertThat(Lab.driverLog(r))
                .containsExactly(
                        "user: Unknown symbol lab_register (err -2)",
                        "user: Unknown symbol lab_counter (err -2)",
                        "user: Unknown symbol lab_unregister (err -2)");
        assertThat(r.output())
                .containsExactly(
                        "insmod: ERROR: could not insert module user.ko: Unknown symbol in module",
                        "Module                  Size  Used by");
        assertThat(Lab.entered(r)).doesNotContain("user_init");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void aGplOnlySymbolIsUnknownToAModuleWhoseLicenseIsNotGpl() {
        String body = """
                	pr_info("user: %d\\n", lab_gpl_only());
                	return 0;
                """;
        RunResult proprietary = run(user("", body, "Proprietary"), "insmod lab\ninsmod user");
        assertThat(Lab.driverLog(proprietary)).contains("user: Unknown symbol lab_gpl_only (err -2)");
        assertThat(proprietary.output())
                .containsExactly("insmod: ERROR: could not insert module user.ko: Unknown symbol in module");
        assertThat(module(proprietary, "lab").refcount()).isZero();

        RunResult gpl = run(user("", body, "Dual BSD/GPL"), "insmod lab\ninsmod user");
        assertThat(Lab.driverLog(gpl)).contains("user: 7");
        assertThat(gpl.output()).isEmpty();
    }

    @Test
    void aNamespacedSymbolNeedsItsNamespaceImported() {
        String body = """
                	pr_info("user: %d\\n", lab_in_namespace());
                	return 0;
                """;
        RunResult without = run(user("", body, "GPL"), "insmod lab\ninsmod user");
        assertThat(Lab.driverLog(without))
                .containsSubsequence(
                        "user: module uses symbol (lab_in_namespace) from namespace LAB_NS, but does not import it.",
                        "user: Unknown symbol lab_in_namespace (err -22)");
        assertThat(without.output())
                .containsExactly("insmod: ERROR: could not insert module user.ko: Invalid parameters");

        RunResult with = run(user("MODULE_IMPORT_NS(LAB_NS);\n", body, "GPL"), "insmod lab\ninsmod user");
        assertThat(Lab.driverLog(with)).contains("user: 9");
    }

    @Test
    void theExporterCannotBeRemovedWhileItsUserIsLoaded() {
        RunResult r = run(USER, "insmod lab\ninsmod user\nrmmod lab");
        assertThat(r.output()).containsExactly("rmmod: ERROR: Module lab is in use by: user");
        assertThat(module(r, "lab").state()).isEqualTo("LIVE");
        assertThat(Lab.driverLog(r)).doesNotContain("lab: unloaded");
    }

    @Test
    void unloadingTheUserDropsItsReferenceThenTheExporterGoes() {
        RunResult r = run(USER, "insmod lab\ninsmod user\nrmmod user\nlsmod\nrmmod lab\nlsmod");
        assertThat(Lab.driverLog(r)).containsSubsequence("lab: user unregistered (0)", "lab: unloaded");
        assertThat(r.output())
                .containsExactly(
                        "Module                  Size  Used by",
                        "lab                     4096  0",
                        "Module                  Size  Used by");
        assertThat(r.reports()).isEmpty();
    }

    @Test
    void aUserWhoseInitFailsGivesItsReferenceBack() {
        String failing = user("", """
                	lab_register("user");
                	return -ENODEV;
                """, "GPL");
        RunResult r = run(failing, "insmod lab\ninsmod user\nrmmod lab");
        assertThat(r.output()).containsExactly("insmod: ERROR: could not insert module user.ko: No such device");
        assertThat(Lab.driverLog(r)).contains("lab: unloaded");
    }

    @Test
    void aSecondModuleExportingTheSameSymbolIsRefused() {
        String twin = """
                #include <linux/module.h>

                int lab_register(const char *who)
                {
                	return 0;
                }
                EXPORT_SYMBOL(lab_register);
                MODULE_LICENSE("GPL");
                """;
        RunResult r = Lab.driver(LAB).withModule("twin", twin).run("insmod lab\ninsmod twin");
        assertThat(Lab.driverLog(r)).contains("twin: exports duplicate symbol lab_register (owned by lab)");
        assertThat(r.output()).containsExactly("insmod: ERROR: could not insert module twin.ko: Invalid module format");
    }

    @Test
    void aSymbolNoModuleExportsIsModpostsError() {
        String lonely = user("int lab_nowhere(void);\n", """
                	return lab_nowhere();
                """, "GPL");
        assertThatThrownBy(() -> run(lonely, "insmod lab"))
                .isInstanceOf(CompileException.class)
                .message()
                .contains("user.c:")
                .contains("(modpost: \"lab_nowhere\" [user.ko] undefined!)")
                .doesNotContain("lab_register");
    }

    @Test
    void exportingSomethingTheModuleDoesNotDefineIsACompileError() {
        String wrong = LAB + "EXPORT_SYMBOL(lab_missing);\n";
        assertThatThrownBy(() -> Lab.driver(wrong).run("insmod lab"))
                .isInstanceOf(CompileException.class)
                .message()
                .contains("'lab_missing' undeclared here (not in a function)");
    }
}
