package dev.driverlab.engine;

import dev.driverlab.engine.compile.FunctionCode;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.kernel.Addresses;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.DeferState;
import dev.driverlab.kernel.KernelState;
import dev.driverlab.kernel.LoadedModule;
import dev.driverlab.kernel.MemObject;
import dev.driverlab.kernel.MemoryFault;
import dev.driverlab.kernel.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns what went wrong into the kernel's own words: KASAN reports for slab misuse, Oopses for bad pointers and
 * freed module text, soft lockups. A report taints the kernel and stops the run at that step.
 */
final class Reporter {
    private static final String RULE = "==================================================================";

    private Reporter() {}

    static void memoryFault(Machine m, Context ctx, MemoryFault f, String primitive) {
        Frame top = shownTop(ctx);
        String where = primitive != null && !wrapped(primitive) ? primitive + "+0x0/0x100" : m.symbolOf(top);
        switch (f.kind) {
            case USE_AFTER_FREE:
            case OUT_OF_BOUNDS:
                kasan(m, ctx, f, where, primitive);
                return;
            case DOUBLE_FREE:
            case INVALID_FREE:
                kasanFree(m, ctx, f, m.symbolOf(top), primitive);
                return;
            default:
                if (!hasShadow(f.address)) kasanWild(m, ctx, f, where, primitive);
                oops(m, ctx, f.address, f.write ? Access.WRITE : Access.READ, where, primitive);
        }
    }

    /**
     * mm/kasan/kasan.h's addr_has_metadata on x86-64: KASAN's shadow covers [KASAN_SHADOW_START's memory, top], that
     * is from 0xffff800000000000 (kasan_shadow_to_mem(0xffffec0000000000) with KASAN_SHADOW_OFFSET
     * 0xdffffc0000000000). Every lower address (NULL's page, user space, the non-canonical hole with its poison
     * values) has none, so generic KASAN's check_region_inline reports it before the access is made.
     */
    static boolean hasShadow(long address) {
        return Long.compareUnsigned(address, 0xffff800000000000L) >= 0;
    }

    /**
     * The KASAN report for an address without shadow (6.1's mm/kasan/report.c print_report: the description, a
     * blank line, dump_stack_lvl; report_generic.c get_wild_bug_type for the title). The access itself comes
     * next and faults, so the kernel goes on into the Oops: this report does not stop the run by itself. Its
     * end_report taints the kernel (TAINT_BAD_PAGE), which turns lock debugging off.
     */
    private static void kasanWild(Machine m, Context ctx, MemoryFault f, String where, String primitive) {
        String type = Long.compareUnsigned(f.address, 4096) < 0
                ? "null-ptr-deref"
                : Long.compareUnsigned(f.address, TASK_SIZE_MAX) < 0 ? "user-memory-access" : "wild-memory-access";
        // print_report ends in dump_stack_lvl (a tail call) and the outline check tail-calls kasan_report: real 6.1
        // shows "dump_stack_lvl, kasan_report, FUNC" (realkernel: rk_null, rk_list)
        List<String> text = kasanAccess(m, ctx, f, type, where, primitive, false);
        text.add(RULE);
        // add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE): lockdep goes off, saying so the first time
        if (m.kernel().sched().debugLocks()) text.add("Disabling lock debugging due to kernel taint");
        m.kernel().sched().debugLocksOff();
        record(m, ctx, type, text.get(1), text, List.of());
        m.kernel().taint();
    }

    /**
     * The start of a KASAN access report: the rule, "BUG: KASAN: TYPE in WHERE", the access, a blank line and
     * dump_stack_lvl's lines from print_report (with kasan_check_range for the mem* wrappers, else the outline
     * __asan_loadN/__asan_storeN check).
     */
    private static List<String> kasanAccess(
            Machine m, Context ctx, MemoryFault f, String type, String where, String primitive, boolean printReport) {
        List<String> text = new ArrayList<>();
        text.add(RULE);
        text.add("BUG: KASAN: " + type + " in " + where);
        text.add((f.write ? "Write" : "Read") + " of size " + Long.toUnsignedString(f.size) + " at addr "
                + Addresses.hex(f.address) + " by task " + ctx.comm + "/" + ctx.pid);
        text.add("");
        cpuLine(m, ctx, text);
        List<String> top = new ArrayList<>(List.of("dump_stack_lvl+0x48/0x70"));
        if (printReport) top.add("print_report+0xd2/0x660");
        top.add("kasan_report+0xd4/0x110");
        if (wrapped(primitive) && printReport) top.add("kasan_check_range+0x10c/0x1c0");
        callTrace(m, ctx, primitive, text, top.toArray(String[]::new));
        return text;
    }

    /** arch/x86/include/asm/page_64_types.h: TASK_SIZE_MAX with 4-level paging, the end of user space. */
    private static final long TASK_SIZE_MAX = 0x00007ffffffff000L;

    /**
     * The frame a report names: the innermost one that is not an {@code inline} function, which gcc folded into
     * its caller (list_del's __list_del, a driver's static inline helper). Null for a context without frames.
     */
    static Frame shownTop(Context ctx) {
        for (int i = ctx.depth - 1; i >= 0; i--) {
            if (!inlined(ctx, i)) return ctx.frames[i];
        }
        return null;
    }

    /**
     * A frame in the text of a module that has been unloaded: show_trace_log_lvl (arch/x86/kernel/dumpstack.c)
     * prints only what __kernel_text_address accepts, and freed module text is no longer any, so the frame is left
     * out of the backtrace.
     */
    private static boolean freedText(Machine m, Frame f) {
        return m.kernel().codeFreed(f.image.slot());
    }

    /** Frame i is an inline function's, folded into its caller's frame (never the outermost frame). */
    static boolean inlined(Context ctx, int i) {
        return i > 0 && ctx.frames[i].fn.inline();
    }

    /** Executing, calling or returning into code that is not there (an unloaded module, a bad pointer). */
    static void fetchFault(Machine m, Context ctx, long address, boolean resume) {
        oops(m, ctx, address, Access.FETCH, "0x" + Long.toHexString(address), null);
    }

    static void divideError(Machine m, Context ctx) {
        List<String> text = new ArrayList<>();
        text.add("divide error: 0000 [#1] PREEMPT SMP KASAN");
        cpuLine(m, ctx, text);
        text.add("RIP: 0010:" + m.symbolOf(shownTop(ctx)));
        callTrace(m, ctx, null, text);
        endTrace(m, ctx, text);
        raise(m, ctx, "oops", text);
    }

    static void stackOverflow(Machine m, Context ctx, FunctionCode callee) {
        List<String> text = new ArrayList<>();
        text.add("BUG: TASK stack guard page was hit at " + Addresses.hex(m.stackBase(ctx) - 8)
                + " (stack is " + Addresses.hex(m.stackBase(ctx)) + ".."
                + Addresses.hex(m.stackBase(ctx) + Machine.STACK_SIZE) + ")");
        text.add("kernel stack overflow (double-fault): 0000 [#1] PREEMPT SMP KASAN");
        cpuLine(m, ctx, text);
        text.add("RIP: 0010:" + callee.name + "+0x0/0x100");
        callTrace(m, ctx, null, text);
        endTrace(m, ctx, text);
        raise(m, ctx, "oops", text);
    }

    static void softLockup(Machine m, Context ctx) {
        List<String> text = new ArrayList<>();
        text.add("watchdog: BUG: soft lockup - CPU#" + ctx.cpu + " stuck for 22s! [" + ctx.comm + ":" + ctx.pid + "]");
        text.add(modulesLinkedIn(m));
        cpuLine(m, ctx, text);
        if (ctx.depth > 0) text.add("RIP: 0010:" + m.symbolOf(shownTop(ctx)));
        callTrace(m, ctx, null, text);
        raise(m, ctx, "soft-lockup", text);
    }

    /** A bug a primitive detected (BUG_ON, refcount_t misuse...): its title line, then the kernel's context. */
    static void bug(Machine m, Context ctx, String kind, String title, String detail) {
        List<String> text = new ArrayList<>();
        if (detail == null || !detail.contains(title)) text.add(title);
        if (detail != null && !detail.isEmpty()) text.addAll(List.of(detail.split("\n")));
        cpuLine(m, ctx, text);
        text.add("RIP: 0010:" + m.symbolOf(shownTop(ctx)));
        callTrace(m, ctx, null, text);
        endTrace(m, ctx, text);
        raise(m, ctx, kind, text, List.of(), title);
    }

    /**
     * A splat after which the kernel goes on (lockdep's reports): its text, then "stack backtrace:" and what
     * dump_stack() prints. No "end trace", no panic, and lockdep does not taint the kernel (lib/debug_locks.c's
     * debug_locks_off only turns lock debugging off); the run carries on.
     */
    static void warning(Machine m, Context ctx, String kind, String title, String detail, String... frames) {
        List<String> text = new ArrayList<>(List.of(detail.split("\n")));
        text.add("");
        text.add("stack backtrace:");
        text.addAll(dumpStack(m, ctx, frames));
        record(m, ctx, kind, title, text, List.of());
    }

    /** might_sleep() in atomic context (kernel/sched/core.c __might_resched), or schedule() while atomic. */
    static void sleepInAtomic(Machine m, Context ctx, boolean scheduling, String where, int depth, String... inner) {
        List<String> text = new ArrayList<>();
        int irqsOff = m.kernel().sched().irqsOff(ctx.id) > 0 || ctx.kind == ContextKind.HARDIRQ ? 1 : 0;
        // PREEMPT_RCU (a PREEMPT kernel): rcu_read_lock counts in current->rcu_read_lock_nesting, not preempt_count
        int rcu = m.kernel().sched().rcuDepth(ctx.id);
        int preempt = m.kernel().sched().preemptCount(ctx.id, ctx.kind);
        String at = where.contains(" ") ? where.substring(0, where.indexOf(' ')) : where;
        if (scheduling) {
            text.add(String.format(
                    "BUG: scheduling while atomic: %s/%d/0x%08x", ctx.comm, ctx.pid, Math.max(preempt, 2)));
        } else {
            text.add("BUG: sleeping function called from invalid context at " + at);
            text.add("in_atomic(): " + (preempt > 0 ? 1 : 0) + ", irqs_disabled(): " + irqsOff + ", non_block: 0, pid: "
                    + ctx.pid + ", name: " + ctx.comm);
            text.add(String.format("preempt_count: %x, expected: 0", preempt));
            text.add("RCU nest depth: " + rcu + ", expected: 0");
        }
        List<Long> held = m.kernel().sched().held(ctx.id);
        if (!held.isEmpty()) {
            text.add(held.size() + " lock" + (held.size() == 1 ? "" : "s") + " held by " + ctx.comm + "/" + ctx.pid
                    + ":");
            for (int i = 0; i < held.size(); i++) {
                text.add(" #" + i + ": " + Addresses.hex(held.get(i)) + " ("
                        + m.kernel().sched().lockName(held.get(i)) + "){+.+.}-{2:2}");
            }
        }
        text.add(modulesLinkedIn(m));
        cpuLine(m, ctx, text);
        String[] top = new String[inner.length + 2];
        top[0] = "dump_stack_lvl+0x48/0x70";
        top[1] = "__might_resched+0x1e1/0x2f0";
        System.arraycopy(inner, 0, top, 2, inner.length);
        callTrace(m, ctx, null, text, top);
        raise(m, ctx, "sleep-in-atomic", text);
    }

    /** A wait-for cycle: tasks blocked on each other's locks forever (kernel/hung_task.c's view of it). */
    static void hungTask(Machine m, Context ctx, String waitingOn) {
        List<String> text = new ArrayList<>();
        text.add("INFO: task " + ctx.comm + ":" + ctx.pid + " blocked for more than 120 seconds.");
        text.add("      " + m.kernel().printTainted() + " "
                + m.kernel().version().releaseAndVersion());
        text.add("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
        text.add("task:" + ctx.comm + "     state:D stack:0     pid:" + ctx.pid + "   ppid:1      flags:0x00004000");
        text.add("waiting: " + waitingOn);
        callTrace(m, ctx, null, text, "__schedule+0x3a6/0xc10", "schedule+0x5e/0xd0");
        raise(m, ctx, "hung-task", text);
    }

    /** kmemleak runs in its own thread: the report names no context of the script. */
    static void leak(Machine m, MemObject o, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        for (String line : lines) m.kernel().log(line);
        int seq = m.trace().leakReport(m.steps(), o.id, lines.get(0));
        m.addReport(new Report(
                "leak",
                lines.get(0),
                text,
                seq,
                "kmemleak",
                null,
                List.of(o.allocated().seq())));
        m.kernel().taint();
        m.halt();
    }

    /** A module whose use count can never drop to zero: nobody left holds it, yet rmmod will refuse forever. */
    static void unremovable(Machine m, Context ctx, String module, long count) {
        List<String> text = new ArrayList<>();
        text.add("module " + module + ": use count " + count + " with no process left holding it:"
                + " rmmod will fail until reboot");
        text.add("$ lsmod | grep " + module);
        text.add(String.format("%-19s %8d  %d", module, m.moduleSize(m.kernel().liveModule(module).slot), count));
        text.add("$ rmmod " + module);
        text.add("rmmod: ERROR: Module " + module + " is in use");
        raise(m, ctx, "refcount", text);
    }

    private enum Access {
        READ,
        WRITE,
        FETCH
    }

    private static void kasan(Machine m, Context ctx, MemoryFault f, String where, String primitive) {
        MemObject o = f.object;
        String bug = bugType(m, o, f);
        List<String> text = kasanAccess(m, ctx, f, bug, where, primitive, true);
        text.add("");
        List<Long> related = List.of();
        if (o.kind == MemObject.Kind.STACK) {
            describeStack(m, f.address, o, text);
        } else if (o.kind == MemObject.Kind.MODULE_DATA || o.kind == MemObject.Kind.KERNEL_DATA) {
            describeGlobal(m, f.address, o, text);
        } else {
            related = tracks(o, text);
            text.add("");
            text.add("The buggy address belongs to the object at " + Addresses.hex(o.base));
            if (o.cache() != null) {
                text.add(" which belongs to the cache " + o.cache() + " of size " + o.cacheSize());
            } else {
                text.add(" which was allocated from the page allocator (order " + order(o.size) + ")");
            }
            // 6.1's describe_object_addr measures against the cache's object_size (kmalloc-64's 64 bytes for a
            // kmalloc(40)); 6.3's against the allocated size (kasan_get_alloc_size: the requested size of a live
            // object, the object_size of a freed one) with "allocated "/"freed " before it (generic KASAN)
            boolean v63 = m.kernel().version().kasanSlabUseAfterFree();
            long size = o.cache() != null && !(v63 && o.live()) ? o.cacheSize() : o.accessible();
            String state = !v63
                    ? ""
                    : bug.equals("slab-out-of-bounds")
                            ? "allocated "
                            : bug.equals("slab-use-after-free") ? "freed " : "";
            long off = f.address - o.base;
            text.add("The buggy address is located "
                    + (off >= size ? (off - size) + " bytes to the right of" : off + " bytes inside of"));
            text.add(" " + state + size + "-byte region [" + Addresses.hex(o.base) + ", " + Addresses.hex(o.base + size)
                    + ")");
        }
        text.add(RULE);
        String kind = f.kind == MemoryFault.Kind.OUT_OF_BOUNDS ? "out-of-bounds" : "use-after-free";
        raise(m, ctx, kind, text, related);
    }

    /**
     * The functions KASAN intercepts (mm/kasan/shadow.c), and kasan_check_byte (krealloc's, ksize's check, passed its
     * caller's _RET_IP_): a report names their caller, not them.
     */
    private static final Set<String> KASAN_WRAPPED = Set.of("memset", "memcpy", "memmove", "kasan_check_byte");

    private static boolean wrapped(String primitive) {
        return primitive != null && KASAN_WRAPPED.contains(primitive);
    }

    /**
     * mm/kasan/report_generic.c's get_bug_type in 6.1: a range that wraps is "out-of-bounds"; a freed slab object
     * or page is "use-after-free" (KASAN_SLAB_FREE, KASAN_PAGE_FREE; "use-after-free" only from 6.3 on); a
     * redzone is "slab-out-of-bounds" for slab objects and kmalloc's pages alike (KASAN_SLAB_REDZONE,
     * KASAN_PAGE_REDZONE), "stack-out-of-bounds" or "global-out-of-bounds" for variables.
     */
    static String bugType(Machine m, MemObject o, MemoryFault f) {
        if (f.kind == MemoryFault.Kind.OUT_OF_BOUNDS
                && Long.compareUnsigned(f.address + f.size, f.address) < 0
                && f.address + f.size != 0) {
            return "out-of-bounds";
        }
        if (f.kind != MemoryFault.Kind.OUT_OF_BOUNDS) { // 6.3 on: a slab object's is "slab-use-after-free"
            return o.cache() != null && m.kernel().version().kasanSlabUseAfterFree()
                    ? "slab-use-after-free"
                    : "use-after-free";
        }
        switch (o.kind) {
            case STACK:
                return "stack-out-of-bounds";
            case MODULE_DATA:
            case KERNEL_DATA:
                return "global-out-of-bounds";
            default:
                return "slab-out-of-bounds";
        }
    }

    private static int order(long size) {
        int order = 0;
        while ((4096L << order) < size) order++;
        return order;
    }

    /** report_generic.c's frame description: whose stack, which frame, the variables it has. */
    private static void describeStack(Machine m, long address, MemObject stack, List<String> text) {
        for (Context c : m.contexts()) {
            if (c.stackObject != stack.base) continue;
            text.add("The buggy address belongs to stack of task " + c.comm + "/" + c.pid);
            for (int i = c.depth - 1; i >= 0; i--) {
                Frame f = c.frames[i];
                if (f.layout == null
                        || f.layout.size == 0
                        || address < f.stackBase
                        || address >= f.stackBase + f.layout.size) {
                    continue;
                }
                int from = (int) (f.stackBase - stack.base);
                List<String> vars = stack.shadow().describe(from, from + f.layout.size);
                text.add(" and is located at offset " + (address - f.stackBase) + " in frame:");
                text.add(" " + f.fn.name + "+0x0/0x"
                        + Long.toHexString(Math.min(0x100, Math.max(0x10, f.fn.code().length * 4L)))
                        + (f.image.slot() == 0 ? "" : " [" + f.image.unit().name + "]"));
                text.add("");
                text.add("This frame has " + vars.size() + (vars.size() == 1 ? " object:" : " objects:"));
                text.addAll(vars);
                return;
            }
            return;
        }
        text.add("The buggy address belongs to a task's stack");
    }

    /** print_address_description for a kernel or module address: the variable, as %pS names it. */
    private static void describeGlobal(Machine m, long address, MemObject data, List<String> text) {
        String var = data.shadow() == null ? null : data.shadow().variable(address - data.base);
        text.add("The buggy address belongs to the variable:");
        String module = data.label() != null && data.label().startsWith("[")
                ? " " + data.label().replace(" data", "")
                : "";
        text.add(" " + (var != null ? var + module : m.describe(address)));
    }

    private static void kasanFree(Machine m, Context ctx, MemoryFault f, String caller, String primitive) {
        MemObject o = f.object;
        boolean dbl = f.kind == MemoryFault.Kind.DOUBLE_FREE;
        List<String> text = new ArrayList<>();
        text.add(RULE);
        text.add("BUG: KASAN: " + (dbl ? "double-free" : "invalid-free") + " in " + caller);
        text.add("Free of addr " + Addresses.hex(f.address) + " by task " + ctx.comm + "/" + ctx.pid);
        text.add("");
        cpuLine(m, ctx, text);
        callTrace(
                m,
                ctx,
                primitive,
                text,
                "dump_stack_lvl+0x48/0x70",
                "print_report+0xd2/0x660",
                "kasan_report_invalid_free+0xa9/0xd0");
        List<Long> related = List.of();
        if (o != null) {
            text.add("");
            related = tracks(o, text);
            text.add("");
            text.add("The buggy address belongs to the object at " + Addresses.hex(o.base));
            text.add(" which belongs to the cache " + o.cache() + " of size " + o.cacheSize());
        }
        text.add(RULE);
        raise(m, ctx, dbl ? "double-free" : "invalid-free", text, related);
    }

    /** "Allocated by task N:" / "Freed by task N:" with their stacks; returns the seqs of those events. */
    private static List<Long> tracks(MemObject o, List<String> text) {
        List<Long> related = new ArrayList<>();
        if (o.allocated() != null) {
            track(
                    "Allocated",
                    o.allocated(),
                    text,
                    "kasan_save_stack+0x22/0x50",
                    "kasan_set_track+0x25/0x30",
                    o.slabCache() != 0 ? "__kasan_slab_alloc+0x6b/0x70" : "__kasan_kmalloc+0x7f/0x90");
            related.add(o.allocated().seq());
        }
        if (o.freed() != null) {
            text.add("");
            track(
                    "Freed",
                    o.freed(),
                    text,
                    "kasan_save_stack+0x22/0x50",
                    "kasan_set_track+0x25/0x30",
                    "kasan_save_free_info+0x2e/0x50",
                    "__kasan_slab_free+0x10a/0x190");
            related.add(o.freed().seq());
        }
        return related;
    }

    private static void track(String what, Site site, List<String> text, String... kasanFrames) {
        text.add(what + " by task " + site.pid() + ":");
        for (String k : kasanFrames) text.add(" " + k);
        for (String frame : site.stack()) text.add(" " + frame);
    }

    private static void oops(Machine m, Context ctx, long address, Access access, String where, String primitive) {
        List<String> text = new ArrayList<>();
        boolean nul = Long.compareUnsigned(address, 4096) < 0;
        if (nonCanonical(address)) { // e.g. LIST_POISON1 after list_del: #GP, not a page fault
            text.add(String.format(
                    "general protection fault, probably for non-canonical address 0x%016x: 0000 [#1]"
                            + " PREEMPT SMP KASAN",
                    address));
            cpuLine(m, ctx, text);
            text.add("RIP: 0010:" + where);
            oopsTrace(m, ctx, Access.READ, primitive, text);
            endTrace(m, ctx, text);
            raise(m, ctx, "oops", text);
            return;
        }
        text.add(
                nul
                        ? "BUG: kernel NULL pointer dereference, address: " + Addresses.hex(address)
                        : "BUG: unable to handle page fault for address: " + Addresses.hex(address));
        int code = access == Access.FETCH ? 0x10 : access == Access.WRITE ? 0x2 : 0;
        text.add("#PF: supervisor "
                + (access == Access.FETCH
                        ? "instruction fetch"
                        : access == Access.WRITE ? "write access" : "read access")
                + " in kernel mode");
        text.add(String.format("#PF: error_code(0x%04x) - not-present page", code));
        text.add("PGD 0 P4D 0 ");
        text.add(String.format("Oops: %04x [#1] PREEMPT SMP KASAN", code));
        cpuLine(m, ctx, text);
        text.add("RIP: 0010:" + (access == Access.FETCH ? "0x" + Long.toHexString(address) : where));
        oopsTrace(m, ctx, access, primitive, text);
        endTrace(m, ctx, text);
        raise(m, ctx, "oops", text);
    }

    /**
     * An Oops's backtrace: show_regs has named the faulting function in RIP, and the unwinder starts from the
     * interrupted frame's return address, so the trace begins at its caller (realkernel: the NULL load in
     * rk_null_init traces from do_one_initcall, the GP fault in rk_remove from rk_list_init). A fetch from missing
     * text or a fault inside a kernel primitive leaves every frame of the context in the trace.
     */
    private static void oopsTrace(Machine m, Context ctx, Access access, String primitive, List<String> text) {
        boolean ripIsAFrame = access != Access.FETCH && (primitive == null || wrapped(primitive));
        callTrace(m, ctx, null, text, ripIsAFrame ? shownTop(ctx) : null);
    }

    /** x86-64 canonical addresses have bits 63..47 all equal. */
    private static boolean nonCanonical(long a) {
        long top = a >> 47;
        return top != 0 && top != -1;
    }

    /** panic() (kernel/panic.c): the message, the stack, and the end marker; nothing runs after it. */
    static void panic(Machine m, Context ctx, String message) {
        List<String> text = new ArrayList<>();
        text.add("Kernel panic - not syncing: " + message);
        cpuLine(m, ctx, text);
        callTrace(m, ctx, "panic", text, "dump_stack_lvl+0x48/0x70");
        text.add("Kernel Offset: disabled");
        text.add("---[ end Kernel panic - not syncing: " + message + " ]---");
        raise(m, ctx, "panic", text, List.of(), text.get(0));
    }

    /**
     * What __warn (kernel/panic.c) prints after its WARNING line: print_modules(), then show_regs() of the trap:
     * the CPU line, RIP (the function the WARN is in: {@code primitive} for one in the kernel's Java primitives) and
     * the call trace below it.
     */
    static List<String> warnBody(Machine m, Context ctx, String primitive) {
        List<String> text = new ArrayList<>();
        text.add(modulesLinkedIn(m));
        cpuLine(m, ctx, text);
        Frame top = shownTop(ctx);
        if (primitive != null) {
            text.add("RIP: 0010:" + primitive + "+0x0/0x100");
            callTrace(m, ctx, null, text);
        } else if (top != null) {
            text.add("RIP: 0010:" + m.symbolOf(top));
            callTrace(m, ctx, null, text, top);
        }
        return text;
    }

    /** What dump_stack() (lib/dump_stack.c) prints for a context: CPU line, hardware name, call trace. */
    static List<String> dumpStack(Machine m, Context ctx, String... inner) {
        List<String> text = new ArrayList<>();
        cpuLine(m, ctx, text);
        String[] top = new String[inner.length + 1];
        top[0] = "dump_stack_lvl+0x48/0x70";
        System.arraycopy(inner, 0, top, 1, inner.length);
        callTrace(m, ctx, null, text, top);
        return text;
    }

    private static void cpuLine(Machine m, Context ctx, List<String> text) {
        text.add("CPU: " + ctx.cpu + " PID: " + ctx.pid + " Comm: " + ctx.comm + " "
                + m.kernel().printTainted() + " " + m.kernel().version().releaseAndVersion());
        text.add("Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014");
        workerInfo(m, ctx, text);
    }

    /**
     * print_worker_info (kernel/workqueue.c): a worker in the middle of a work item names its workqueue and the
     * item's function as %ps prints it ("Workqueue: events my_work_fn [lab]").
     */
    private static void workerInfo(Machine m, Context ctx, List<String> text) {
        if (ctx.purpose != Context.Purpose.KWORKER) return;
        DeferState.Running r = m.kernel().defer().runningIn(ctx.id);
        if (r == null) return;
        text.add("Workqueue: " + r.wqName() + " " + m.symbol(r.func()).replaceFirst("\\+0x[0-9a-f]+/0x[0-9a-f]+", ""));
    }

    private static void callTrace(Machine m, Context ctx, String primitive, List<String> text, String... top) {
        callTrace(m, ctx, primitive, text, null, top);
    }

    /** The call trace, leaving out {@code skip} (a frame RIP already names), inline frames and freed text. */
    private static void callTrace(
            Machine m, Context ctx, String primitive, List<String> text, Frame skip, String... top) {
        text.add("Call Trace:");
        String tag = ctx.kind == ContextKind.PROCESS ? "TASK" : "IRQ";
        text.add(" <" + tag + ">");
        for (String t : top) text.add(" " + t);
        if (primitive != null) text.add(" " + primitive + "+0x0/0x100");
        for (int i = ctx.depth - 1; i >= 0; i--) {
            Frame f = ctx.frames[i];
            if (f != skip && !inlined(ctx, i) && !freedText(m, f)) text.add(" " + m.symbolOf(f));
        }
        text.add(" </" + tag + ">");
    }

    private static void endTrace(Machine m, Context ctx, List<String> text) {
        text.add(modulesLinkedIn(m));
        text.add("---[ end trace 0000000000000000 ]---");
        if (ctx.kind != ContextKind.PROCESS) text.add("Kernel panic - not syncing: Fatal exception in interrupt");
    }

    /**
     * kernel/module/main.c's print_modules: every module past UNFORMED, newest first (load_module adds to the head
     * of the list), with module_flags: its taints (module_flags_taint: P for a license that is not GPL-compatible,
     * O for an out-of-tree module) and + while its init runs, - while it is going; then the last module
     * delete_module unloaded, with its taints.
     */
    static String modulesLinkedIn(Machine m) {
        StringBuilder sb = new StringBuilder("Modules linked in:");
        List<LoadedModule> mods = m.kernel().modules();
        for (int i = mods.size() - 1; i >= 0; i--) {
            LoadedModule mod = mods.get(i);
            if (mod == null || mod.unloaded() || mod.state() == LoadedModule.State.UNFORMED) continue;
            long taints = m.kernel().memory().read(mod.moduleStruct + m.kernelOffset("module", "taints"), 8, false);
            String state =
                    mod.state() == LoadedModule.State.COMING ? "+" : mod.state() == LoadedModule.State.GOING ? "-" : "";
            String flags = KernelState.moduleFlagsTaint(taints) + state;
            sb.append(' ').append(mod.name).append(flags.isEmpty() ? "" : "(" + flags + ")");
        }
        if (m.kernel().lastUnloaded() != null) {
            String flags = KernelState.moduleFlagsTaint(m.kernel().lastUnloadedTaints());
            sb.append(" [last unloaded: ")
                    .append(m.kernel().lastUnloaded())
                    .append(flags.isEmpty() ? "" : "(" + flags + ")")
                    .append(']');
        }
        return sb.toString();
    }

    private static void raise(Machine m, Context ctx, String kind, List<String> text) {
        raise(m, ctx, kind, text, List.of());
    }

    private static void raise(Machine m, Context ctx, String kind, List<String> text, List<Long> related) {
        raise(m, ctx, kind, text, related, text.get(0).equals(RULE) ? text.get(1) : text.get(0));
    }

    private static void raise(
            Machine m, Context ctx, String kind, List<String> text, List<Long> related, String title) {
        record(m, ctx, kind, title, text, related);
        m.kernel().taint();
        m.halt();
    }

    /** Logs a report's text and records it (a REPORT event at the frame it names, and a Report). */
    private static void record(
            Machine m, Context ctx, String kind, String title, List<String> text, List<Long> related) {
        for (String line : text) m.kernel().log(line);
        Frame top = shownTop(ctx);
        int seq = m.trace().report(m.steps(), ctx, top, title);
        m.addReport(new Report(
                kind,
                title,
                String.join("\n", text),
                seq,
                ctx.name,
                top == null ? null : top.fn.name,
                List.copyOf(related)));
    }
}
