package dev.driverlab.engine;

import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.Memory;
import dev.driverlab.kernel.Signal;

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

    /** {@code open PATH [nonblock] as NAME}: a new process NAME opens PATH. */
    static void open(Machine m, Command.Open c) {
        String name = c.process();
        if (m.named(name) != null)
            throw new CommandException(c.line(), "a process named '" + name + "' exists already");
        Context p = process(m, name, cpu(m, c.line(), c.cpu()));
        start(m, p, "open", c.path(), c.nonblock() ? O_RDWR | O_NONBLOCK : O_RDWR);
    }

    /** {@code cat PATH}: one process opens, reads to the end, closes and exits. */
    static void cat(Machine m, Command.Cat c) {
        Context p = process(m, m.unique("cat"), cpu(m, c.line(), c.cpu()));
        p.program.add("cat");
        start(m, p, "open", c.path(), 0);
    }

    /**
     * {@code echo TEXT > PATH}: what a shell's {@code echo TEXT > PATH} does, as one process: open PATH write-only
     * (O_CREAT|O_TRUNC, as the shell's redirection asks), write TEXT and a newline, close, exit.
     */
    static void echo(Machine m, Command.Echo c) {
        Context p = process(m, m.unique("echo"));
        p.program.add("echo");
        p.program.add(c.message() + "\n");
        start(m, p, "open", c.path(), O_WRONLY | O_CREAT | O_TRUNC);
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
        Context p = m.newContext(
                name,
                ContextKind.PROCESS,
                Context.Purpose.PROCESS,
                name,
                cpu,
                m.kernel().newPid(),
                name);
        p.persistent = true;
        p.status = Context.Status.IDLE;
        m.task(p);
        return p;
    }

    /**
     * The CPU a script places a process on ({@code on cpu N}, as {@code taskset -c N} would before the open); CPU 0
     * when it does not say.
     */
    private static int cpu(Machine m, int line, Integer cpu) {
        if (cpu == null) return 0;
        if (cpu >= m.kernel().cpus()) {
            throw new CommandException(
                    line, "no CPU " + cpu + " (this world has " + m.kernel().cpus() + ")");
        }
        return cpu;
    }

    static void start(Machine m, Context p, String syscall, String path, int flags) {
        // the kernel reads at most PATH_MAX bytes of it (getname): more of it is never looked at
        String stored = path.length() < Memory.PATH_MAX ? path : path.substring(0, Memory.PATH_MAX);
        p.userBuffer = m.userBuffer(p, stored, stored.length());
        p.userCount = flags;
        m.call(p, "open(" + Strace.quoted(path) + ", " + flagNames(flags) + ")", "do_sys_open", p.userBuffer, flags);
    }

    static void read(Machine m, Command.Read c) {
        Context p = idleWithFile(m, c.line(), c.process());
        int count = c.count();
        if (count > Machine.USER_BUFFER_MAX) {
            throw new CommandException(
                    c.line(),
                    "read count " + count + " is larger than a script's process buffer (" + Machine.USER_BUFFER_MAX
                            + " bytes)");
        }
        startRead(m, p, count);
    }

    static void startRead(Machine m, Context p, int count) {
        p.userBuffer = m.userBuffer(p, "", count + 1);
        p.userCount = count;
        m.call(p, "read", "ksys_read", file(m, p), p.userBuffer, count);
    }

    static void write(Machine m, Command.Write c) {
        Context p = idleWithFile(m, c.line(), c.process());
        String text = c.data();
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
    static void ioctl(Machine m, Command.Ioctl c) {
        IoctlRequest r = c.request();
        long cmd;
        try {
            cmd = r.command(m.program().module(), m.program().kernel());
        } catch (IllegalArgumentException e) {
            throw new CommandException(c.line(), e.getMessage());
        }
        Context p = idleWithFile(m, c.line(), c.process());
        int size = IoctlRequest.size(cmd);
        long buffer = 0;
        long arg = r.arg().value();
        switch (r.arg().kind()) {
            case NONE:
                if (size > 0) buffer = m.userBuffer(p, "", Math.max(size, IOCTL_BUFFER));
                break;
            case POINTER_TO_VALUE:
                buffer = m.userBuffer(p, "", Math.max(size, 8));
                m.kernel()
                        .memory()
                        .write(
                                buffer,
                                Math.min(size == 0 ? 8 : size, 8),
                                r.arg().value());
                break;
            case STRING:
                buffer = m.userBuffer(
                        p, r.arg().text(), Math.max(size, r.arg().text().length() + 1));
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
            if (dir != IoctlRequest.IOC_READ)
                entry += Strace.hexBytes(m.kernel().memory(), buffer, size);
            if (dir != IoctlRequest.IOC_WRITE) after = size;
        }
        if (cmd == FIONBIO && buffer != 0) { // one strace knows by name: the int it points to
            entry = "ioctl(3, FIONBIO, [" + m.kernel().memory().read(buffer, 4, true) + "]";
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
    static void poll(Machine m, Command.Poll c) {
        Context p = idleWithFile(m, c.line(), c.process());
        int timeout = c.timeoutMs();
        int events = c.events();
        long fds = m.userBuffer(p, "", POLLFD_SIZE);
        m.kernel().memory().write(fds, 4, 3);
        m.kernel().memory().write(fds + POLLFD_EVENTS, 2, events);
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
    static void lseek(Machine m, Command.Lseek c) {
        Context p = idleWithFile(m, c.line(), c.process());
        String whence = c.whence();
        int number = whence.equals("SEEK_SET") ? 0 : whence.equals("SEEK_CUR") ? 1 : 2;
        m.call(p, "lseek(3, " + c.offset() + ", " + whence + ")", "ksys_lseek", file(m, p), c.offset(), number);
    }

    static void close(Machine m, Command.Close c) {
        Context p = idleWithFile(m, c.line(), c.process());
        m.call(p, "close", "close_fd", file(m, p));
    }

    static void exit(Machine m, Command.Exit c) {
        Context p = idle(m, c.line(), c.process());
        m.call(p, "exit", "do_task_exit", fileOrZero(m, p));
    }

    /** {@code kill NAME [SIG]}: a pending signal; an interruptible sleeper wakes, an idle process dies now. */
    static void kill(Machine m, Command.Kill c) {
        Context p = m.named(c.process());
        if (p == null || !p.persistent) throw new CommandException(c.line(), "no process named '" + c.process() + "'");
        String sig = c.signal();
        int number = c.number();
        sendSignal(m, p, number);
        m.trace().signal(m.steps(), p, number, sig);
        if (p.status == Context.Status.IDLE) m.call(p, "exit", "do_task_exit", fileOrZero(m, p));
    }

    /**
     * kill(2) as kernel/signal.c delivers it: __send_signal_locked adds the signal to the thread group's
     * shared_pending; complete_signal finds it fatal (a script's process installs no handler, and SIGINT, SIGTERM and
     * SIGKILL all kill by default), so it records the group exit code, adds SIGKILL to the thread's own pending set
     * and wakes it as signal_wake_up(t, 1) does: TASK_INTERRUPTIBLE and TASK_KILLABLE sleepers wake.
     */
    private static void sendSignal(Machine m, Context p, int sig) {
        Memory mem = m.kernel().memory();
        long task = m.task(p);
        long signal = mem.read(task + m.kernelOffset("task_struct", "signal"), 8, false);
        int set = m.kernelOffset("sigpending", "signal");
        sigaddset(mem, signal + m.kernelOffset("signal_struct", "shared_pending") + set, sig);
        mem.write(signal + m.kernelOffset("signal_struct", "group_exit_code"), 4, sig);
        sigaddset(mem, task + m.kernelOffset("task_struct", "pending") + set, Signal.SIGKILL.number);
        m.kernel().sched().signal(p.id, sig);
    }

    private static void sigaddset(Memory mem, long set, int sig) {
        mem.write(set, 8, mem.read(set, 8, false) | 1L << (sig - 1));
    }

    private static Context idle(Machine m, int line, String name) {
        Context p = m.named(name);
        if (p == null || !p.persistent) throw new CommandException(line, "no process named '" + name + "'");
        if (p.status != Context.Status.IDLE) {
            throw new CommandException(line, p.name + " is still in a system call (" + p.syscall + ")");
        }
        return p;
    }

    private static Context idleWithFile(Machine m, int line, String name) {
        Context p = idle(m, line, name);
        if (m.kernel().vfs().file(p.id) == null) throw new CommandException(line, p.name + " holds no open file");
        return p;
    }

    private static long file(Machine m, Context p) {
        return m.kernel().vfs().file(p.id);
    }

    private static long fileOrZero(Machine m, Context p) {
        Long f = m.kernel().vfs().file(p.id);
        return f == null ? 0 : f;
    }

    static String flagNames(int flags) {
        String mode = (flags & 3) == 2 ? "O_RDWR" : (flags & 3) == 1 ? "O_WRONLY" : "O_RDONLY";
        if ((flags & O_CREAT) != 0) mode += "|O_CREAT";
        if ((flags & O_TRUNC) != 0) mode += "|O_TRUNC";
        return (flags & O_NONBLOCK) != 0 ? mode + "|O_NONBLOCK" : mode;
    }
}
