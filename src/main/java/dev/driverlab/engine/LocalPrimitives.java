package dev.driverlab.engine;

import java.util.Set;

/**
 * The kernel primitives whose only effect another context could observe is on memory, which the explorer's
 * {@link dev.driverlab.kernel.AccessLog} records word by word (string and memory functions, atomics and bit
 * operations, error-pointer helpers), plus printk and its dev_ variants: they append to the log buffer, which no
 * code reads back, so the order of two contexts' messages decides no crash. Every other primitive keeps state in Java
 * (locks, refcounts, queues, wake-ups, allocation) and counts as observable and dependent on everything.
 */
final class LocalPrimitives {
    private LocalPrimitives() {}

    private static final Set<String> NAMES = Set.of(
            "printk",
            "dev_emerg",
            "dev_crit",
            "dev_err",
            "dev_warn",
            "dev_notice",
            "dev_info",
            "dev_dbg",
            "memset",
            "memcpy",
            "memmove",
            "memcmp",
            "strlen",
            "strnlen",
            "strcmp",
            "strncmp",
            "strcpy",
            "strncpy",
            "strlcpy",
            "strscpy",
            "strcat",
            "strchr",
            "strrchr",
            "snprintf",
            "scnprintf",
            "sprintf",
            "ERR_PTR",
            "PTR_ERR",
            "IS_ERR",
            "IS_ERR_OR_NULL",
            "smp_processor_id",
            "in_interrupt",
            "in_irq",
            "in_softirq",
            "in_task",
            "atomic_read",
            "atomic_set",
            "atomic_inc",
            "atomic_dec",
            "atomic_dec_and_test",
            "atomic_inc_and_test",
            "atomic_add",
            "atomic_sub",
            "atomic_add_return",
            "atomic_sub_return",
            "atomic_inc_return",
            "atomic_dec_return",
            "atomic_inc_unless_negative",
            "atomic_sub_and_test",
            "atomic_cmpxchg",
            "atomic_xchg",
            "atomic_long_read",
            "atomic_long_set",
            "atomic_long_inc",
            "atomic_long_dec",
            "change_bit",
            "test_and_change_bit",
            "set_bit",
            "clear_bit",
            "test_bit",
            "test_and_set_bit",
            "test_and_clear_bit");

    static boolean is(String primitive) {
        return NAMES.contains(primitive);
    }
}
