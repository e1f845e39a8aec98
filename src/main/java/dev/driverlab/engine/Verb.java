package dev.driverlab.engine;

import dev.driverlab.kernel.Signal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The event-script language's verbs, defined once. Everything else derives from this list: the script parser
 * builds each verb's {@link Command} (a switch the compiler checks covers every verb), the engine dispatches on the
 * command's type ({@link Command.Handler}), the explorer takes every {@linkplain #event() event} verb as something a
 * race can be between, the lab gets its buttons' and timeline's vocabulary from {@code GET /api/commands}, and the
 * README's command table is generated from {@link #usage()} and {@link #summary()}.
 */
public enum Verb {
    INSMOD(
            Command.Insmod.class,
            "insmod",
            Group.MODULE,
            Effect.FORKS,
            1,
            Integer.MAX_VALUE,
            "insmod MODULE [PARAM=VALUE ...]",
            "load the module: sets its parameters as `parse_args` does, runs `module_init`"),
    RMMOD(
            Command.Rmmod.class,
            "rmmod",
            Group.MODULE,
            Effect.FORKS,
            1,
            1,
            "rmmod MODULE",
            "unload the module: refused while in use, runs `module_exit`"),
    BIND(
            Command.Bind.class,
            "bind",
            Group.DEVICE,
            Effect.FORKS,
            1,
            1,
            "bind DEVICE",
            "sysfs bind of a device to the driver matching it"),
    UNBIND(
            Command.Unbind.class,
            "unbind",
            Group.DEVICE,
            Effect.FORKS,
            1,
            1,
            "unbind DEVICE",
            "sysfs unbind of a device from its driver"),
    UNPLUG(
            Command.Unplug.class,
            "unplug",
            Group.DEVICE,
            Effect.FORKS,
            1,
            1,
            "unplug DEVICE",
            "hot-unplug: the device leaves its bus (remove/disconnect runs), open files stay open"),
    IRQ(
            Command.Irq.class,
            "irq",
            Group.INTERRUPT,
            Effect.CHANGES_WORLD,
            1,
            3,
            "irq N [cpu C]",
            "fire IRQ line N on CPU C (default: the last CPU)"),
    GPIO(
            Command.Gpio.class,
            "gpio",
            Group.INTERRUPT,
            Effect.CHANGES_WORLD,
            2,
            2,
            "gpio N 0|1",
            "the world pulls GPIO line N low or high (a button): an input follows, and an edge its handler's "
                    + "`IRQF_TRIGGER_RISING`/`_FALLING` asks for raises the line's IRQ (`gpio_to_irq`) on the last CPU"),
    OPEN(
            Command.Open.class,
            "open",
            Group.PROCESS,
            Effect.FORKS,
            3,
            7,
            "open PATH [nonblock] as NAME [on cpu N]",
            "a new process NAME opens `/dev/...`, `/proc/...` or a sysfs attribute (strace-like output), on CPU N "
                    + "(default 0) as `taskset -c N` would place it"),
    READ(
            Command.Read.class,
            "read",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            1,
            2,
            "read NAME [COUNT]",
            "read(2) of COUNT bytes (default 4096) on that process's file"),
    WRITE(
            Command.Write.class,
            "write",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            2,
            Integer.MAX_VALUE,
            "write NAME TEXT",
            "write(2) of TEXT (`\\n` and `\\t` escapes, optionally in quotes) on that process's file"),
    IOCTL(
            Command.Ioctl.class,
            "ioctl",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            2,
            Integer.MAX_VALUE,
            IoctlRequest.USAGE,
            "ioctl(2): CMD a number (`0x80046b01`) or written as a header does, `_IO('k', 0)`, "
                    + "`_IOR/_IOW/_IOWR('k', 1, TYPE)` with TYPE any C type of the driver or kernel (`int`, "
                    + "`struct ioctl_arg`, `char *`); ARG `N` (by value), `&N` (a pointer to N in the command's size), "
                    + "`\"text\"` (a pointer to it), none (a pointer to a zeroed 4 KiB buffer if the command has a size)"),
    POLL(
            Command.Poll.class,
            "poll",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            1,
            3,
            "poll NAME [TIMEOUT_MS] [EVENTS]",
            "poll(2) on the process's file for EVENTS (default `POLLIN`, e.g. `POLLIN|POLLOUT`), waiting at most "
                    + "TIMEOUT_MS (default -1: for ever; 0: no wait)"),
    LSEEK(
            Command.Lseek.class,
            "lseek",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            2,
            3,
            "lseek NAME OFFSET [SEEK_SET|SEEK_CUR|SEEK_END]",
            "lseek(2) on that process's file (`-ESPIPE` without `.llseek`/`.proc_lseek`)"),
    CLOSE(
            Command.Close.class,
            "close",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            1,
            1,
            "close NAME",
            "close(2) of that process's file"),
    KILL(
            Command.Kill.class,
            "kill",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            1,
            2,
            "kill NAME [" + Signal.names("|") + "]",
            "a signal: an interruptible sleeper wakes (`-EINTR`), the process exits"),
    EXIT(
            Command.Exit.class,
            "exit",
            Group.PROCESS,
            Effect.CHANGES_WORLD,
            1,
            1,
            "exit NAME",
            "the process exits, closing its file"),
    CAT(
            Command.Cat.class,
            "cat",
            Group.PROCESS,
            Effect.FORKS,
            1,
            4,
            "cat PATH [on cpu N]",
            "open, read to the end, close, as one process (on CPU N, default 0)"),
    ECHO(
            Command.Echo.class,
            "echo",
            Group.PROCESS,
            Effect.FORKS,
            2,
            Integer.MAX_VALUE,
            "echo TEXT > PATH",
            "the shell's `echo TEXT > PATH` as one process: open write-only, write TEXT and a newline, close"),
    TICK(
            Command.Tick.class,
            "tick",
            Group.TIME,
            Effect.CHANGES_WORLD,
            0,
            1,
            "tick [N]",
            "N jiffies pass (default 1): expired timers fire, sleepers whose timeout ends wake"),
    GRACE_PERIOD(
            Command.GracePeriod.class,
            "grace-period",
            Group.TIME,
            Effect.CHANGES_WORLD,
            0,
            0,
            "grace-period",
            "an RCU grace period completes: the callbacks it covers run from the RCU softirq"),
    BREAK(
            Command.Break.class,
            "break",
            Group.DEBUG,
            Effect.NONE,
            1,
            1,
            "break FUNCTION|LINE|FILE:LINE",
            "pause any context entering FUNCTION / about to run source LINE (of the module's main file, or of FILE "
                    + "for a module of several files)"),
    DELETE(
            Command.Delete.class,
            "delete",
            Group.DEBUG,
            Effect.NONE,
            1,
            1,
            "delete FUNCTION|LINE|FILE:LINE",
            "remove a breakpoint"),
    CONTINUE(
            Command.Continue.class,
            "continue",
            Group.DEBUG,
            Effect.NONE,
            0,
            1,
            "continue [CONTEXT]",
            "resume one paused context, or all of them"),
    STEP(
            Command.Step.class,
            "step",
            Group.DEBUG,
            Effect.NONE,
            1,
            2,
            "step CONTEXT [N]",
            "run N steps (default 1) of a paused context, which stays paused"),
    SCHEDULE(
            Command.Schedule.class,
            "schedule",
            Group.DEBUG,
            Effect.NONE,
            1,
            1,
            "schedule manual|auto",
            "manual: nothing runs until `step CONTEXT` picks who steps (how found races replay)"),
    LSMOD(Command.Lsmod.class, "lsmod", Group.INSPECT, Effect.NONE, 0, 0, "lsmod", "print the module list"),
    DMESG(Command.Dmesg.class, "dmesg", Group.INSPECT, Effect.NONE, 0, 0, "dmesg", "print the kernel log so far");

    /** Where a verb belongs in the lab's toolbar and the README's table. */
    public enum Group {
        MODULE,
        DEVICE,
        INTERRUPT,
        PROCESS,
        TIME,
        DEBUG,
        INSPECT
    }

    /** What running the verb does to the simulated world. */
    private enum Effect {
        /** Runs as a new process of the shell's: it changes the world and needs a fork() to succeed. */
        FORKS,
        /** Changes the world without a new process. */
        CHANGES_WORLD,
        /** Only looks at the machine or steers the debugger and the scheduler. */
        NONE
    }

    private final Class<? extends Command> type;
    private final String word;
    private final Group group;
    private final Effect effect;
    private final int minArgs;
    private final int maxArgs;
    private final String usage;
    private final String summary;

    Verb(
            Class<? extends Command> type,
            String word,
            Group group,
            Effect effect,
            int minArgs,
            int maxArgs,
            String usage,
            String summary) {
        this.type = type;
        this.word = word;
        this.group = group;
        this.effect = effect;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.usage = usage;
        this.summary = summary;
    }

    /** The verb as a script writes it. */
    public String word() {
        return word;
    }

    public Group group() {
        return group;
    }

    /**
     * Whether the command changes the world (loads, binds, fires, opens, reads, writes, closes, kills, ticks, ends a
     * grace period...): an event a race can be between, drawn as an injection on the timeline. The others only look
     * at the machine or steer the debugger and the scheduler.
     */
    public boolean event() {
        return effect != Effect.NONE;
    }

    /** Whether the shell runs the command as a new process (so it fails when fork() would). */
    public boolean forks() {
        return effect == Effect.FORKS;
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    /** The command's synopsis, as its usage error prints it. */
    public String usage() {
        return usage;
    }

    /** What the command does, in one line (Markdown). */
    public String summary() {
        return summary;
    }

    private static final List<Verb> ALL = List.of(values());

    /** The verb a script word names, if any. */
    public static Optional<Verb> of(String word) {
        for (Verb v : ALL) if (v.word.equals(word)) return Optional.of(v);
        return Optional.empty();
    }

    private static final ClassValue<Verb> BY_TYPE = new ClassValue<>() {
        @Override
        protected Verb computeValue(Class<?> type) {
            for (Verb v : ALL) if (v.type == type) return v;
            throw new IllegalArgumentException(type + " is no command type");
        }
    };

    /** The verb a command type stands for. */
    static Verb of(Class<? extends Command> type) {
        return BY_TYPE.get(type);
    }

    /** Every verb's word, sorted: what an "unknown command" error lists. */
    public static List<String> words() {
        return Arrays.stream(values()).map(Verb::word).sorted().toList();
    }

    @Override
    public String toString() {
        return word;
    }
}
