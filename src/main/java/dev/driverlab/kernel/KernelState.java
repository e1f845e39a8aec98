package dev.driverlab.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The whole simulated kernel as plain data: memory, modules, the device model's lists, devres, IRQ descriptors,
 * softirq state and the log. No threads, clocks or I/O; {@link #copy} gives an independent snapshot.
 */
public final class KernelState {
    private Memory memory;
    final int cpus;
    final CowList<LoadedModule> modules = new CowList<>(LoadedModule::copy); // by slot, slot 0 unused
    final CowList<Device> devices = new CowList<>();
    final CowList<UsbPort> usbPorts = new CowList<>(); // the root hub's devices, in port order
    final CowList<Long> drivers = new CowList<>(); // registered struct device_driver *
    final CowMap<Long, List<Long>> bound = CowMap.linked(ArrayList::new); // driver -> devices, in bind order
    final CowMap<Long, List<DevresEntry>> devres = CowMap.linked(ArrayList::new);
    final CowMap<Long, DevresEntry> unattachedDevres = CowMap.linked(null);
    final CowMap<Integer, IrqLine> irqs = CowMap.sorted(IrqLine::copy);
    final int[] softirqPending;
    private final boolean[] ksoftirqdWake;
    /** How many CPUs' {@link #ksoftirqdWake} are set. */
    private int ksoftirqdWakes;

    final LogBuffer dmesg;
    final CowSet<String> warnedOnce = CowSet.linked();
    /** printk's caller id of the last record while it has no trailing newline (KERN_CONT may extend it), or -1. */
    long openRecordCaller = -1;

    int nextDevresId = 1;
    long allocWarnBegin; // warn_alloc's rate-limit window (jiffies), messages printed and suppressed in it
    int allocWarnPrinted;
    int allocWarnMissed;
    int nextPid = 100;
    long jiffies = INITIAL_JIFFIES;

    /** The jiffies at boot: the counter wraps soon after boot, as on a real kernel (INITIAL_JIFFIES). */
    public static final long INITIAL_JIFFIES = 4294667296L;

    String lastUnloaded;
    long lastUnloadedTaints;
    long taintedMask; // kernel/panic.c's tainted_mask: a bit per TAINT_* flag
    /** The random stream's state (splitmix64): every kernel starts from the same seed, so runs replay exactly. */
    long random = 0x6c62_272e_07bb_0142L;
    /** How many modules' text and data were freed (module_memfree): until one is, no code can be gone. */
    int freedModules;

    final CowMap<Long, Map<Integer, Long>> ids = CowMap.sorted(TreeMap::new); // IDA/IDR by address: id -> pointer
    final SchedState sched;
    /** Shared with the state this one was copied from until either takes it through {@link #vfs()} (copy-on-write). */
    private VfsState vfs;

    private boolean vfsShared;
    final DeferState defer;

    public KernelState(int cpus) {
        this.memory = new Memory();
        this.cpus = cpus;
        this.softirqPending = new int[cpus];
        this.ksoftirqdWake = new boolean[cpus];
        this.dmesg = new LogBuffer();
        modules.add(null);
        sched = new SchedState();
        vfs = new VfsState();
        defer = new DeferState();
    }

    private KernelState(KernelState o) {
        version = o.version;
        memory = o.memory.copy();
        cpus = o.cpus;
        modules.shareFrom(o.modules);
        devices.shareFrom(o.devices);
        usbPorts.shareFrom(o.usbPorts);
        drivers.shareFrom(o.drivers);
        bound.shareFrom(o.bound);
        devres.shareFrom(o.devres);
        unattachedDevres.shareFrom(o.unattachedDevres);
        irqs.shareFrom(o.irqs);
        softirqPending = o.softirqPending.clone();
        ksoftirqdWake = o.ksoftirqdWake.clone();
        ksoftirqdWakes = o.ksoftirqdWakes;
        dmesg = o.dmesg.copy();
        warnedOnce.shareFrom(o.warnedOnce);
        openRecordCaller = o.openRecordCaller;
        nextDevresId = o.nextDevresId;
        allocWarnBegin = o.allocWarnBegin;
        allocWarnPrinted = o.allocWarnPrinted;
        allocWarnMissed = o.allocWarnMissed;
        nextPid = o.nextPid;
        jiffies = o.jiffies;
        delayNs = o.delayNs;
        lastUnloaded = o.lastUnloaded;
        lastUnloadedTaints = o.lastUnloadedTaints;
        taintedMask = o.taintedMask;
        random = o.random;
        freedModules = o.freedModules;
        ids.shareFrom(o.ids);
        sched = o.sched.copy();
        vfs = o.vfs;
        o.vfsShared = true;
        vfsShared = true;
        defer = o.defer.copy();
    }

    public KernelState copy() {
        return new KernelState(this);
    }

    public Memory memory() {
        return memory;
    }

    public int cpus() {
        return cpus;
    }

    public List<LoadedModule> modules() {
        return modules.subList(1, modules.size());
    }

    public LoadedModule module(int slot) {
        return slot > 0 && slot < modules.size() ? modules.get(slot) : null;
    }

    /**
     * The state of the module in {@code slot} (1 and up), read without taking the module list private (nothing may
     * be changed through it).
     */
    public LoadedModule.State moduleState(int slot) {
        return modules.peek(slot).state();
    }

    /**
     * Whether the code of module {@code slot} (0: the kernel's own) was freed: the interpreter asks before every
     * step and call, so the common answer (no module was ever freed) costs one field read.
     */
    public boolean codeFreed(int slot) {
        return slot != 0 && freedModules > 0 && moduleState(slot) == LoadedModule.State.UNLOADED;
    }

    /** The live (not unloaded) module of that name, if any. */
    public LoadedModule liveModule(String name) {
        for (LoadedModule m : modules) if (m != null && !m.unloaded() && m.name.equals(name)) return m;
        return null;
    }

    public int addModule(String name, IntFunction<LoadedModule> make) {
        int slot = modules.size();
        modules.add(make.apply(slot));
        return slot;
    }

    public List<Device> devices() {
        return devices;
    }

    public Device device(String name) {
        for (Device d : devices) if (d.name().equals(name)) return d;
        return null;
    }

    public Device deviceAt(long dev) {
        for (Device d : devices) if (d.dev() == dev) return d;
        return null;
    }

    public void addDevice(Device d) {
        devices.add(d);
    }

    /**
     * A USB device on the root hub: its {@code struct usb_device} and the device side the host controller talks
     * to (a kernel object: [present u64][consumed u64][length u64][data bytes]).
     */
    public record UsbPort(long udev, long world) {}

    public List<UsbPort> usbPorts() {
        return usbPorts;
    }

    public void addUsbPort(UsbPort p) {
        usbPorts.add(p);
    }

    public List<Long> drivers() {
        return drivers;
    }

    public List<Long> boundDevices(long driver) {
        return bound.getOrDefault(driver, List.of());
    }

    public List<DevresEntry> devres(long dev) {
        return devres.getOrDefault(dev, List.of());
    }

    public IrqLine irq(int irq) {
        return irqs.get(irq);
    }

    public IrqLine irqLine(int irq) {
        return irqs.computeIfAbsent(irq, IrqLine::new);
    }

    public Map<Integer, IrqLine> irqs() {
        return irqs;
    }

    public int softirqPending(int cpu) {
        return softirqPending[cpu];
    }

    /** Takes the ksoftirqd wake-up of a CPU (a softirq raised outside interrupt context). */
    public boolean takeKsoftirqdWake(int cpu) {
        boolean w = ksoftirqdWake[cpu];
        if (w) ksoftirqdWakes--;
        ksoftirqdWake[cpu] = false;
        return w;
    }

    /** Whether some CPU's ksoftirqd was woken and not yet looked at: the scheduler's check after nearly every step. */
    public boolean ksoftirqdWoken() {
        return ksoftirqdWakes > 0;
    }

    /** The next 64 bits of the random stream (splitmix64: one addition and a mix; every state is visited). */
    public long nextRandom() {
        long z = random += 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** The kernel log ring: what dmesg shows now (the oldest records are gone once it is full). */
    public LogBuffer dmesg() {
        return dmesg;
    }

    /** A new log record: it ends any record a KERN_CONT could still have extended. */
    public void log(String line) {
        dmesg.add(line);
        openRecordCaller = -1;
    }

    public int newPid() {
        return nextPid++;
    }

    public long jiffies() {
        return jiffies;
    }

    /** The kernel version the scenario simulates: its release and report wordings (KernelVersion). */
    KernelVersion version = KernelVersion.V6_1;

    public KernelVersion version() {
        return version;
    }

    public void setVersion(KernelVersion v) {
        version = v;
    }

    public void setJiffies(long j) {
        jiffies = j;
    }

    /** Nanoseconds of busy waiting (udelay, ndelay, mdelay) not yet making up a whole jiffy. */
    long delayNs;

    /**
     * arch/x86/lib/delay.c's delay loop spins on the clock: {@code ns} of it pass, and every whole jiffy (4 ms at
     * HZ=250) they add up to advances jiffies. Returns the jiffies to advance to, or 0 when none completed.
     */
    public long busyWait(long ns) {
        delayNs += Math.max(0, ns);
        long whole = delayNs / NSEC_PER_JIFFY;
        delayNs %= NSEC_PER_JIFFY;
        return whole == 0 ? 0 : jiffies + whole;
    }

    static final long NSEC_PER_JIFFY = 4_000_000L;

    /** The busy-wait time from now to the next tick. */
    public long nsToNextTick() {
        return NSEC_PER_JIFFY - delayNs;
    }

    /** CLOCK_MONOTONIC: nanoseconds since boot, the jiffies elapsed plus the busy-wait time short of a jiffy. */
    public long monotonicNs() {
        return coarseMonotonicNs() + delayNs;
    }

    /** The monotonic time of the last tick (the coarse clocks). */
    public long coarseMonotonicNs() {
        return (jiffies - INITIAL_JIFFIES) * NSEC_PER_JIFFY;
    }

    public SchedState sched() {
        return sched;
    }

    /** The file system's state, to read or change: a private copy first if a copy of this state still shares it. */
    public VfsState vfs() {
        if (vfsShared) {
            vfs = vfs.copy();
            vfsShared = false;
        }
        return vfs;
    }

    public DeferState defer() {
        return defer;
    }

    /** Marks a softirq pending on a CPU; outside interrupt context that also wakes the CPU's ksoftirqd. */
    public void raiseSoftirq(int cpu, int nr, boolean wakeKsoftirqd) {
        softirqPending[cpu] |= 1 << nr;
        if (wakeKsoftirqd && !ksoftirqdWake[cpu]) {
            ksoftirqdWake[cpu] = true;
            ksoftirqdWakes++;
        }
    }

    public String lastUnloaded() {
        return lastUnloaded;
    }

    /** The taints of the module last unloaded (kernel/module/main.c's last_unloaded_module.taints). */
    public long lastUnloadedTaints() {
        return lastUnloadedTaints;
    }

    public void setLastUnloaded(String name, long taints) {
        lastUnloaded = name;
        lastUnloadedTaints = taints;
    }

    /** include/linux/panic.h's taint flags of 6.1 (the bit numbers of tainted_mask and struct module's taints). */
    public static final int TAINT_PROPRIETARY_MODULE = 0;

    public static final int TAINT_BAD_PAGE = 5;
    /** A WARN ran (kernel/panic.c __warn adds it with LOCKDEP_STILL_OK: lockdep keeps going). */
    public static final int TAINT_WARN = 9;

    public static final int TAINT_OOT_MODULE = 12;

    /**
     * kernel/panic.c's taint_flags of 6.1, in bit order: the letter shown when set, the one shown when not, and
     * whether the flag can be a module's (module_flags_taint shows those).
     */
    private static final String TAINT_TRUE = "PFSRMBUDAWCIOELKXTN";

    private static final String TAINT_FALSE = "G                  ";
    private static final String TAINT_OF_MODULE = "1100000000101101111";

    /** Whether a report tainted the kernel (TAINT_BAD_PAGE: a memory-corruption report). */
    public boolean tainted() {
        return testTaint(TAINT_BAD_PAGE);
    }

    /** add_taint(TAINT_BAD_PAGE, ...) of a report; the caller turns lock debugging off as add_taint does. */
    public void taint() {
        addTaint(TAINT_BAD_PAGE);
    }

    /** set_bit(flag, &tainted_mask): what kernel/panic.c's add_taint records. */
    public void addTaint(int flag) {
        taintedMask |= 1L << flag;
    }

    /** kernel/panic.c's test_taint. */
    public boolean testTaint(int flag) {
        return (taintedMask & (1L << flag)) != 0;
    }

    /** kernel/panic.c's get_taint: the whole tainted_mask. */
    public long taintedMask() {
        return taintedMask;
    }

    /**
     * kernel/panic.c's print_tainted() of 6.1: "Tainted: " and one column per taint flag (P F S R M B U D A W C I O E
     * L K X T N), each its letter when set, else G for P and a blank for the others; "Not tainted" when none is.
     */
    public String printTainted() {
        if (taintedMask == 0) return "Not tainted";
        StringBuilder sb = new StringBuilder("Tainted: ");
        for (int i = 0; i < TAINT_TRUE.length(); i++) {
            sb.append((taintedMask & (1L << i)) != 0 ? TAINT_TRUE.charAt(i) : TAINT_FALSE.charAt(i));
        }
        return sb.toString();
    }

    /**
     * kernel/module/main.c's module_flags_taint: the letters of a module's taints, in flag order, of the flags a
     * module can have (P O E ... as in "Modules linked in: m(PO)" and /sys/module/m/taint).
     */
    public static String moduleFlagsTaint(long taints) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < TAINT_TRUE.length(); i++) {
            if (TAINT_OF_MODULE.charAt(i) == '1' && (taints & (1L << i)) != 0) sb.append(TAINT_TRUE.charAt(i));
        }
        return sb.toString();
    }

    /** A hash of everything that decides future behaviour, for the explorer's visited set. */
    /** A hash of a map that depends on its order too, as its text did (without building the text per state). */
    private static long orderedHash(Map<Long, ? extends List<?>> map) {
        long h = 1;
        for (var e : map.entrySet()) h = h * 31 + e.getKey() * 7 + e.getValue().hashCode();
        return h;
    }

    public long fingerprint() {
        long h = memory.fingerprint();
        for (LoadedModule m : modules.readOnly()) h = h * 31 + (m == null ? 0 : m.state.ordinal());
        h = h * 31 + orderedHash(bound.readOnly());
        h = h * 31 + orderedHash(devres.readOnly());
        for (IrqLine l : irqs.readOnly().values())
            h = h * 31 + (l.actions.hashCode() + 7L * l.depth + 13L * l.running + 17L * l.trigger);
        h = h * 31 + Arrays.hashCode(softirqPending);
        h = h * 31
                + sched.woken.hashCode()
                + 7L * sched.signals.hashCode()
                + 13L * sched.waitQueues.hashCode()
                + 17L * sched.waitEntries.hashCode();
        h = h * 31 + defer.timers.hashCode() + 7L * defer.work.hashCode() + 13L * defer.callbacks.hashCode();
        h = h * 31 + jiffies + 7L * delayNs;
        h = h * 31 + taintedMask + 7L * random;
        h = h * 31 + (sched.debugLocks ? 1 : 0) + 3L * sched.rcuDepth.hashCode() + 5L * sched.rcuWarned.hashCode();
        return h;
    }
}
