package dev.driverlab.kernel;

/** printk and friends (kernel/printk, drivers/base/core.c dev_printk), WARN and BUG (include/asm-generic/bug.h). */
final class PrintkPrimitives {
    private PrintkPrimitives() {}

    /**
     * The longest printk record (kernel/printk/printk.c of 6.1: LOG_LINE_MAX = CONSOLE_LOG_MAX - PREFIX_MAX):
     * vprintk_store reserves at most this, NUL included, and longer text is cut.
     */
    static final int LOG_LINE_MAX = 1024 - 32;

    static void register(Primitives p) {
        p.add("printk", (e, a) -> print(e, "", a, 0)); // pr_*() are macros over it (include/linux/printk.h)
        for (String level : new String[] {"emerg", "crit", "err", "warn", "notice", "info"}) {
            p.add("dev_" + level, (e, a) -> print(e, devPrefix(e, a[0]), a, 1));
        }
        p.add("dev_dbg", (e, a) -> 0);
        p.add("dev_err_probe", (e, a) -> {
            if (a[1] != -517) { // -EPROBE_DEFER is only recorded, not printed
                String msg = PrintkFormat.format(e, e.memory().readString(a[2]), a, 3);
                record(
                        e,
                        devPrefix(e, a[0]),
                        "error " + a[1] + ": " + PrintkFormat.stripLevel(msg).stripTrailing());
            }
            return a[1];
        });
        p.add("WARN_ON", (e, a) -> warn(e, a[0], null, false));
        p.add("WARN_ON_ONCE", (e, a) -> warn(e, a[0], null, true));
        p.add("WARN", (e, a) -> warn(e, a[0], PrintkFormat.format(e, e.memory().readString(a[1]), a, 2), false));
        p.add(
                "WARN_ONCE",
                (e, a) -> warn(e, a[0], PrintkFormat.format(e, e.memory().readString(a[1]), a, 2), true));
        p.add("panic", (e, a) -> {
            e.report(
                    "panic",
                    PrintkFormat.stripLevel(PrintkFormat.format(e, e.memory().readString(a[0]), a, 1))
                            .stripTrailing(),
                    null);
            return 0;
        });
        p.add("BUG", (e, a) -> bug(e));
        p.add("BUG_ON", (e, a) -> a[0] != 0 ? bug(e) : 0);
    }

    private static long print(Env e, String prefix, long[] a, int fmtArg) {
        PrintkFormat.Formatted f =
                PrintkFormat.vsnprintf(e, e.memory().readString(a[fmtArg]), a, fmtArg + 1, LOG_LINE_MAX - 1);
        boolean cont = prefix.isEmpty() && f.text().startsWith(KERN_CONT);
        String text = PrintkFormat.stripLevel(f.text());
        if (cont
                && e.kernel().openRecordCaller == callerId(e)
                && !e.kernel().dmesg().isEmpty()) {
            continueRecord(e, text);
        } else {
            record(e, prefix, text);
        }
        return text.length();
    }

    /** The KERN_CONT prefix (include/linux/kern_levels.h): "\001c". */
    private static final String KERN_CONT = "\001c";

    /**
     * printk_caller_id() of kernel/printk/printk.c (6.1): the task's pid in task context, else 0x80000000 plus the
     * CPU; only a continuation from the same caller extends a record.
     */
    static long callerId(Env e) {
        return e.contextKind() == ContextKind.PROCESS ? e.pid() : 0x80000000L + e.cpu();
    }

    /**
     * pr_cont() after a record with no newline, from the same caller: vprintk_store appends the text to that record
     * (prb_reserve_in_last); a newline in it ends the record. The fragment's trace event is marked (object 1) as
     * continuing the line before it.
     */
    private static void continueRecord(Env e, String text) {
        KernelState k = e.kernel();
        int room = Math.max(
                0, LOG_LINE_MAX - 1 - k.dmesg().get(k.dmesg().size() - 1).length());
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        if (first.length() > room) first = first.substring(0, room);
        if (!first.isEmpty()) {
            k.dmesg().appendToLast(first);
            e.trace(EventKind.DMESG, 1, 0, 0, first);
        }
        if (nl < 0) return;
        k.openRecordCaller = -1;
        if (nl + 1 < text.length()) record(e, "", text.substring(nl + 1));
    }

    /**
     * One printk record: at most LOG_LINE_MAX - 1 characters with its prefix, a log line per line of it. Without a
     * trailing newline the record stays open for a KERN_CONT continuation from the same caller.
     */
    static void record(Env e, String prefix, String text) {
        int room = Math.max(0, LOG_LINE_MAX - 1 - prefix.length());
        if (text.length() > room) text = text.substring(0, room);
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) e.log(prefix + line);
        }
        e.kernel().openRecordCaller = text.endsWith("\n") || text.isEmpty() ? -1 : callerId(e);
    }

    /** WARN_ONCE in the kernel's own code (lib/vsprintf.c...): once per function, then never again. */
    static void warnOnce(Env e, String function, String message) {
        if (e.kernel().warnedOnce.add(function)) kernelWarn(e, function + "+0x0/0x100", message);
    }

    /** A WARN splat (message optional) of the kernel's own code at {@code where}: "file:line function" or a symbol. */
    static void kernelWarn(Env e, String where, String message) {
        e.log("------------[ cut here ]------------");
        if (message != null) e.log(message);
        String line = "WARNING: CPU: " + e.cpu() + " PID: " + e.pid() + " at " + where;
        e.log(line);
        e.trace(EventKind.WARNING, 0, 0, 0, message != null ? message : line);
        e.warnBody(where.substring(where.lastIndexOf(' ') + 1).replaceFirst("\\+0x.*", ""));
        e.log("---[ end trace 0000000000000000 ]---");
    }

    /**
     * dev_driver_string(dev) + " " + dev_name(dev) + ": ", as dev_printk prints it: the driver's name, else the bus's
     * or the class's (dev_bus_name); the device's init_name, else its kobject's name.
     */
    static String devPrefix(Env e, long dev) {
        if (dev == 0) return "(NULL device *): ";
        long drv = e.readField(dev, "device", "driver", 8);
        long nameP;
        if (drv != 0) {
            nameP = e.readField(drv, "device_driver", "name", 8);
        } else {
            long bus = e.readField(dev, "device", "bus", 8);
            long cls = e.readField(dev, "device", "class", 8);
            nameP = bus != 0
                    ? e.readField(bus, "bus_type", "name", 8)
                    : cls != 0 ? e.readField(cls, "class", "name", 8) : 0;
        }
        String driver = nameP == 0 ? "" : e.memory().readString(nameP);
        long devName = e.readField(dev, "device", "init_name", 8);
        if (devName == 0)
            devName = e.memory().read(dev + e.offset("device", "kobj") + e.offset("kobject", "name"), 8, false);
        return driver + " " + (devName == 0 ? "(null)" : e.memory().readString(devName)) + ": ";
    }

    private static long warn(Env e, long condition, String message, boolean once) {
        if (condition == 0) return 0;
        String where = e.where();
        if (once && !e.kernel().warnedOnce.add(where)) return 1;
        e.log("------------[ cut here ]------------");
        if (message != null) {
            for (String line : message.split("\n")) if (!line.isEmpty()) e.log(line);
        }
        String line = "WARNING: CPU: " + e.cpu() + " PID: " + e.pid() + " at " + where;
        e.log(line);
        e.trace(EventKind.WARNING, 0, 0, 0, message != null ? message.strip() : line);
        e.warnBody(null);
        e.log("---[ end trace 0000000000000000 ]---");
        return 1;
    }

    private static long bug(Env e) {
        String where = e.where();
        int space = where.indexOf(' ');
        e.report(
                "oops",
                "kernel BUG at " + (space > 0 ? where.substring(0, space) : where) + "!",
                "invalid opcode: 0000 [#1] PREEMPT SMP KASAN");
        return 0;
    }
}
