package dev.driverlab.kernel;

/**
 * Module state and reference count (kernel/module/main.c); the count lives in {@code struct module}. Also the taint
 * mask (kernel/panic.c) that loading a module adds to.
 */
final class ModulePrimitives {
    /** include/linux/panic.h: how many taint flags 6.1 has, and enum lockdep_ok's LOCKDEP_NOW_UNRELIABLE. */
    static final long TAINT_FLAGS_COUNT = 19;

    static final long LOCKDEP_NOW_UNRELIABLE = 1;

    private ModulePrimitives() {}

    static void register(Primitives p) {
        p.add("module_set_state", (e, a) -> {
            LoadedModule m = module(e, a[0]);
            LoadedModule.State from = m.state;
            e.writeField(a[0], "module", "state", 4, a[1]);
            m.state = fromC((int) a[1]);
            e.trace(
                    EventKind.MODULE_STATE,
                    m.slot,
                    from.ordinal(),
                    m.state.ordinal(),
                    m.name + ": " + from + " -> " + m.state);
            return 0;
        });
        p.add("module_memfree", (e, a) -> {
            LoadedModule m = module(e, a[0]);
            LoadedModule.State from = m.state;
            m.state = LoadedModule.State.UNLOADED;
            e.kernel().freedModules++;
            e.memory().unmapModuleData(m.slot, e.site("free_module"));
            e.trace(EventKind.FREE, m.dataObject, 0, 0, "module " + m.name + " text and data");
            e.trace(
                    EventKind.MODULE_STATE,
                    m.slot,
                    from.ordinal(),
                    m.state.ordinal(),
                    m.name + ": " + from + " -> " + m.state);
            return 0;
        });
        // delete_module's two strscpy lines into last_unloaded_module: only a module rmmod removed is "last
        // unloaded" (a failed init frees the module without it), as print_modules shows it
        p.add("store_last_unloaded_module", (e, a) -> {
            e.kernel().setLastUnloaded(module(e, a[0]).name, e.readField(a[0], "module", "taints", 8));
            return 0;
        });
        // kernel/panic.c: tainted_mask's bookkeeping. add_taint with LOCKDEP_NOW_UNRELIABLE turns lock debugging
        // off (__debug_locks_off), saying so the first time: lockdep reports nothing after that.
        p.add("add_taint", (e, a) -> {
            if (a[0] >= TAINT_FLAGS_COUNT) return 0;
            if (a[1] == LOCKDEP_NOW_UNRELIABLE && e.kernel().sched().debugLocks()) {
                e.kernel().sched().debugLocksOff();
                e.log("Disabling lock debugging due to kernel taint");
            }
            e.kernel().addTaint((int) a[0]);
            return 0;
        });
        p.add("test_taint", (e, a) -> a[0] < TAINT_FLAGS_COUNT && e.kernel().testTaint((int) a[0]) ? 1 : 0);
        p.add("get_taint", (e, a) -> e.kernel().taintedMask());
        // kernel/module/main.c's module_flags_taint: the module's taint letters into buf (not terminated), their count
        p.add("module_flags_taint", (e, a) -> {
            String letters = KernelState.moduleFlagsTaint(a[0]);
            for (int i = 0; i < letters.length(); i++) e.memory().write(a[1] + i, 1, letters.charAt(i));
            return letters.length();
        });
        p.add("module_refcount", (e, a) -> count(e, a[0]));
        p.add("try_module_get", (e, a) -> {
            if (a[0] == 0) return 1;
            long state = e.readField(a[0], "module", "state", 4);
            if (state == 2) return 0; // MODULE_STATE_GOING: module_is_live() is false
            add(e, a[0], 1);
            return 1;
        });
        p.add("__module_get", (e, a) -> {
            if (a[0] != 0) add(e, a[0], 1);
            return 0;
        });
        p.add("module_put", (e, a) -> {
            if (a[0] == 0) return 0;
            if (count(e, a[0]) <= 0) {
                e.log("------------[ cut here ]------------");
                e.log("WARNING: CPU: " + e.cpu() + " PID: " + e.pid() + " at kernel/module/main.c:830 module_put");
                e.trace(EventKind.WARNING, 0, 0, 0, "module_put on a module whose count is 0");
                return 0;
            }
            add(e, a[0], -1);
            return 0;
        });
        p.add("module_name_of", (e, a) -> a[0] + e.offset("module", "name"));
    }

    static LoadedModule.State fromC(int state) {
        switch (state) {
            case 0:
                return LoadedModule.State.LIVE;
            case 1:
                return LoadedModule.State.COMING;
            case 2:
                return LoadedModule.State.GOING;
            default:
                return LoadedModule.State.UNFORMED;
        }
    }

    static LoadedModule module(Env e, long struct) {
        for (LoadedModule m : e.kernel().modules()) if (m.moduleStruct == struct) return m;
        throw new MemoryFault(MemoryFault.Kind.PAGE_FAULT, struct, 8, false, null);
    }

    static long count(Env e, long mod) {
        return e.memory().read(mod + e.offset("module", "refcnt"), 4, true);
    }

    private static void add(Env e, long mod, int delta) {
        long from = count(e, mod);
        e.memory().write(mod + e.offset("module", "refcnt"), 4, from + delta);
        LoadedModule m = module(e, mod);
        e.trace(EventKind.REFCOUNT, m.slot, from, from + delta, "module " + m.name);
    }
}
