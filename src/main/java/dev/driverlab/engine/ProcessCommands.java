package dev.driverlab.engine;

import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.EventKind;
import dev.driverlab.kernel.Memory;
import java.util.List;

/**
 * User space: processes a script names, each with at most one open file, making system calls the way a C
 * program would (open, read, write, close), receiving signals, exiting. What they print is strace-like output.
 */
final class ProcessCommands {
    static final int O_NONBLOCK = 0x800;
    static final int O_RDWR = 2;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0x40;
    static final int O_TRUNC = 0x200;
    /** cat reads a page at a time until end of file, but at most this many times here (a file may never end). */
    static final int CAT_READ = 4096;
    static final int CAT_READS = 64;

    private ProcessCommands() {}

    /** {@code open PATH [nonblock] as NAME [on cpu N]}: a new process NAME opens PATH (on CPU N, else 0). */
    static void open(Machine m, Command c) {
        int cpu = cpu(m, c);
        List<String> a = cpu < 0 ? c.args() : c.args().subList(0, c.args().size() - 3);
        boolean nonblock = a.size() == 4;
        String name = a.get(a.size() - 1);
        if (a.size() < 3 || !a.get(a.size() - 2).equals("as") || (nonblock && !a.get(1).equals("nonblock"))) {
            throw new CommandException(c.line(), "usage: open PATH [nonblock] as NAME [on cpu N]");
        }
        if (m.named(name) != null) throw new CommandException(c.line(), "a process named '" + name + "' exists already");
        Context p = process(m, name, Math.max(cpu, 0));
        start(m, p, "open", a.get(0), nonblock ? O_RDWR | O_NONBLOCK : O_RDWR);
    }

    /** {@code cat PATH [on cpu N]}: one process opens, reads to the end, closes and exits. */
    static void cat(Machine m, Command c) {
        int cpu = cpu(m, c);
        Context p = process(m, m.unique("cat"), Math.max(cpu, 0));
        p.program.add("cat");
        start(m, p, "open", c.arg(0), 0);
    }

    /**
     * The N of a trailing {@code on cpu N}, or -1 without one: the CPU the process runs on (sched_setaffinity
     * before the open, as {@code taskset -c N} does). Processes without it run on CPU 0.
     */
    private static int cpu(Machine m, Command c) {
        List<String> a = c.args();
        int n = a.size();
        if (n < 3 || !a.get(n - 3).equals("on") || !a.get(n - 2).equals("cpu")) return -1;
        int cpu = Integer.parseInt(a.get(n - 1));
        if (cpu >= m.kernel.cpus()) {
            throw new CommandException(c.line(), "no CPU " + cpu + " (this world has " + m.kernel.cpus() + ")");
        }
        return cpu;
    }

    /**
     * {@code echo TEXT > PATH}: what a shell's {@code echo TEXT > PATH} does, as one process: open PATH write-only
     * (O_CREAT|O_TRUNC, as the shell's redirection asks), write TEXT and a newline, close, exit.
     */
    static void echo(Machine m, Command c) {
        String rest = c.text().substring(c.verb().length()).strip();
        int redirect = rest.lastIndexOf('>');
        String path = redirect < 0 ? "" : rest.substring(redirect + 1).strip();
        if (redirect < 0 || path.isEmpty() || path.contains(" ")) {
            throw new CommandException(c.line(), "usage: echo TEXT > PATH");
        }
        Context p = process(m, m.unique("echo"));
        p.program.add("echo");
        p.program.add(unescape(rest.substring(0, redirect).strip()) + "\n");
        start(m, p, "open", path, O_WRONLY | O_CREAT | O_TRUNC);
    }

    /** The write of an echo process's text, after its open. */
    static void startEcho(Machine m, Context p) {
        String text = p.program.get(1);
        p.userBuffer = m.userBuffer(p, text, text.length() + 1);
        p.userCount = text.length();
        m.call(p, "write", "ksys_write", fileOrZero(m, p), p.userBuffer, text.length());
    }

    static Context process(Machine m, String name) {
        return process(m, name, 0);
    }

    static Context process(Machine m, String name, int cpu) {
        Context p = m.newContext(name, ContextKind.PROCESS, Context.Purpose.PROCESS, name, cpu, m.kernel.newPid(),
                name);
        p.persistent = true;
        p.status = Context.Status.IDLE;
        m.task(p);
        return p;
    }

    static void start(Machine m, Context p, String syscall, String path, int flags) {
        // the kernel reads at most PATH_MAX bytes of it (getname): more of it is never looked at
        String stored = path.length() < Memory.PATH_MAX ? path : path.substring(0, Memory.PATH_MAX);
        p.userBuffer = m.userBuffer(p, stored, stored.length());
        p.userCount = flags;
        m.call(p, "open(" + Strace.quoted(path) + ", " + flagNames(flags) + ")", "do_sys_open", p.userBuffer,
                flags);
    }

    static void read(Machine m, Command c) {
        Context p = idleWithFile(m, c);
        int count = c.arg(1) == null ? 4096 : Integer.parseInt(c.arg(1));
        if (count > Machine.USER_BUFFER_MAX) {
            throw new CommandException(c.line(), "read count " + count + " is larger than a script's process buffer ("
                    + Machine.USER_BUFFER_MAX + " bytes)");
        }
        startRead(m, p, count);
    }

    static void startRead(Machine m, Context p, int count) {
        p.userBuffer = m.userBuffer(p, "", count + 1);
        p.userCount = count;
        m.call(p, "read", "ksys_read", file(m, p), p.userBuffer, count);
    }

    static void write(Machine m, Command c) {
        Context p = idleWithFile(m, c);
        String text = unescape(c.text().substring(c.text().indexOf(c.arg(0)) + c.arg(0).length()).strip());
        p.userBuffer = m.userBuffer(p, text, text.length() + 1);
        p.userCount = text.length();
        m.call(p, "write", "ksys_write", file(m, p), p.userBuffer, text.length());
    }

    /** The buffer a process passes when an ioctl's command has a size but the script gives no argument. */
    static final int IOCTL_BUFFER = 4096;
    static final long FIONBIO = 0x5421;

    /**
     * {@code ioctl NAME CMD [ARG]}: the process's ioctl(2) on its file. strace shows the argument as it does for an
     * ioctl type it has no decoder for (ioctl_decode_unknown_type): the value when the command has no size or the
     * argument is not the process's buffer, else the command's size in bytes of that buffer, before the call for
     * _IOC_WRITE, after it for _IOC_READ, both (before => after) for _IOC_NONE and _IOC_READ|_IOC_WRITE.
     */
    static void ioctl(Machine m, Command c) {
        IoctlRequest r;
        long cmd;
        try {
            r = IoctlRequest.parse(c.text().substring(c.verb().length()));
            cmd = r.command(m.program.module(), m.program.kernel());
        } catch (IllegalArgumentException e) {
            throw new CommandException(c.line(), e.getMessage());
        }
        Context p = idleWithFile(m, c);
        int size = IoctlRequest.size(cmd);
        long buffer = 0;
        long arg = r.arg().value();
        switch (r.arg().kind()) {
            case NONE:
                if (size > 0) buffer = m.userBuffer(p, "", Math.max(size, IOCTL_BUFFER));
                break;
            case POINTER_TO_VALUE:
                buffer = m.userBuffer(p, "", Math.max(size, 8));
                m.kernel.memory().write(buffer, Math.min(size == 0 ? 8 : size, 8), r.arg().value());
                break;
            case STRING:
                buffer = m.userBuffer(p, r.arg().text(), Math.max(size, r.arg().text().length() + 1));
                break;
            default:
                break;
        }
        if (buffer != 0) arg = buffer;
        int dir = IoctlRequest.dir(cmd);
        String entry = "ioctl(3, " + IoctlRequest.describe(cmd) + ", ";
        int after = 0;
        if (size == 0 || buffer == 0) {
            entry += IoctlRequest.hex(arg);
        } else {
            if (dir != IoctlRequest.IOC_READ) entry += Strace.hexBytes(m.kernel.memory(), buffer, size);
            if (dir != IoctlRequest.IOC_WRITE) after = size;
        }
        if (cmd == FIONBIO && buffer != 0) { // one strace knows by name: the int it points to
            entry = "ioctl(3, FIONBIO, [" + m.kernel.memory().read(buffer, 4, true) + "]";
            after = 0;
        }
        p.userBuffer = buffer;
        p.userCount = after;
        p.straceEntry = entry;
        m.call(p, "ioctl", "ksys_ioctl", file(m, p), cmd, arg);
    }

    /**
     * {@code poll NAME [TIMEOUT_MS] [EVENTS]}: the process polls its file (fd 3) for EVENTS (default POLLIN), waiting
     * at most TIMEOUT_MS milliseconds (default -1: for ever), with its struct pollfd in its own memory.
     */
    static void poll(Machine m, Command c) {
        Context p = idleWithFile(m, c);
        int timeout = -1;
        int events = PollEvents.POLLIN;
        for (String a : c.args().subList(1, c.args().size())) {
            try {
                if (PollEvents.looksLikeEvents(a)) events = PollEvents.parse(a);
                else timeout = Integer.parseInt(a);
            } catch (IllegalArgumentException e) {
                throw new CommandException(c.line(), e.getMessage());
            }
        }
        long fds = m.userBuffer(p, "", POLLFD_SIZE);
        m.kernel.memory().write(fds, 4, 3);
        m.kernel.memory().write(fds + POLLFD_EVENTS, 2, events);
        p.userBuffer = fds;
        p.userCount = 1;
        p.straceEntry = "poll([{fd=3, events=" + PollEvents.names(events) + "}], 1, " + timeout + ")";
        m.call(p, "poll", "ksys_poll", file(m, p), fds, 1, timeout);
    }

    /** struct pollfd: int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;
    static final int POLLFD_EVENTS = 4;
    static final int POLLFD_REVENTS = 6;

    /** {@code lseek NAME OFFSET [WHENCE]}: lseek(2) on the process's file, SEEK_SET unless told. */
    static void lseek(Machine m, Command c) {
        Context p = idleWithFile(m, c);
        String whence = c.arg(2) == null ? "SEEK_SET" : c.arg(2);
        int number = whence.equals("SEEK_SET") ? 0 : whence.equals("SEEK_CUR") ? 1 : 2;
        m.call(p, "lseek(3, " + c.arg(1) + ", " + whence + ")", "ksys_lseek", file(m, p), Long.parseLong(c.arg(1)),
                number);
    }

    static void close(Machine m, Command c) {
        Context p = idleWithFile(m, c);
        m.call(p, "close", "close_fd", file(m, p));
    }

    static void exit(Machine m, Command c) {
        Context p = idle(m, c);
        m.call(p, "exit", "do_task_exit", fileOrZero(m, p));
    }

    /** {@code kill NAME [SIG]}: a pending signal; an interruptible sleeper wakes, an idle process dies now. */
    static void kill(Machine m, Command c) {
        Context p = m.named(c.arg(0));
        if (p == null || !p.persistent) throw new CommandException(c.line(), "no process named '" + c.arg(0) + "'");
        String sig = c.arg(1) == null ? "SIGTERM" : c.arg(1);
        int number = signalNumber(sig);
        if (number < 0) throw new CommandException(c.line(), "unknown signal '" + sig + "' (SIGINT, SIGKILL, SIGTERM)");
        sendSignal(m, p, number);
        m.trace.add(EventKind.SIGNAL, m.steps, p.cpu, p.nameId, 0, 0, p.pid, number, 0, sig + " to " + p.name);
        if (p.status == Context.Status.IDLE) m.call(p, "exit", "do_task_exit", fileOrZero(m, p));
    }

    /**
     * kill(2) as kernel/signal.c delivers it: __send_signal_locked adds the signal to the thread group's
     * shared_pending; complete_signal finds it fatal (a script's process installs no handler, and SIGINT, SIGTERM and
     * SIGKILL all kill by default), so it records the group exit code, adds SIGKILL to the thread's own pending set
     * and wakes it as signal_wake_up(t, 1) does: TASK_INTERRUPTIBLE and TASK_KILLABLE sleepers wake.
     */
    private static void sendSignal(Machine m, Context p, int sig) {
        Memory mem = m.kernel.memory();
        long task = m.task(p);
        long signal = mem.read(task + m.kernelOffset("task_struct", "signal"), 8, false);
        int set = m.kernelOffset("sigpending", "signal");
        sigaddset(mem, signal + m.kernelOffset("signal_struct", "shared_pending") + set, sig);
        mem.write(signal + m.kernelOffset("signal_struct", "group_exit_code"), 4, sig);
        sigaddset(mem, task + m.kernelOffset("task_struct", "pending") + set, SIGKILL);
        m.kernel.sched().signal(p.id, sig);
    }

    static final int SIGKILL = 9;

    private static void sigaddset(Memory mem, long set, int sig) {
        mem.write(set, 8, mem.read(set, 8, false) | 1L << (sig - 1));
    }

    private static int signalNumber(String sig) {
        switch (sig) {
            case "SIGINT": case "INT": return 2;
            case "SIGKILL": case "KILL": return 9;
            case "SIGTERM": case "TERM": return 15;
            default: return -1;
        }
    }

    static String signalName(int n) {
        return n == 2 ? "SIGINT" : n == 9 ? "SIGKILL" : "SIGTERM";
    }

    private static Context idle(Machine m, Command c) {
        Context p = m.named(c.arg(0));
        if (p == null || !p.persistent) throw new CommandException(c.line(), "no process named '" + c.arg(0) + "'");
        if (p.status != Context.Status.IDLE) {
            throw new CommandException(c.line(), p.name + " is still in a system call (" + p.syscall + ")");
        }
        return p;
    }

    private static Context idleWithFile(Machine m, Command c) {
        Context p = idle(m, c);
        if (m.kernel.vfs().file(p.id) == null) throw new CommandException(c.line(), p.name + " holds no open file");
        return p;
    }

    private static long file(Machine m, Context p) {
        return m.kernel.vfs().file(p.id);
    }

    private static long fileOrZero(Machine m, Context p) {
        Long f = m.kernel.vfs().file(p.id);
        return f == null ? 0 : f;
    }

    static String flagNames(int flags) {
        String mode = (flags & 3) == 2 ? "O_RDWR" : (flags & 3) == 1 ? "O_WRONLY" : "O_RDONLY";
        if ((flags & O_CREAT) != 0) mode += "|O_CREAT";
        if ((flags & O_TRUNC) != 0) mode += "|O_TRUNC";
        return (flags & O_NONBLOCK) != 0 ? mode + "|O_NONBLOCK" : mode;
    }

    static String unescape(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s.replace("\\n", "\n").replace("\\t", "\t");
    }
}
