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
    /** cat reads a page at a time until end of file, but at most this many times here (a file may never end). */
    static final int CAT_READ = 4096;
    static final int CAT_READS = 64;

    private ProcessCommands() {}

    /** {@code open PATH [nonblock] as NAME}: a new process NAME opens PATH. */
    static void open(Machine m, Command c) {
        List<String> a = c.args();
        boolean nonblock = a.size() == 4;
        String name = a.get(a.size() - 1);
        if (!a.get(a.size() - 2).equals("as") || (nonblock && !a.get(1).equals("nonblock"))) {
            throw new CommandException(c.line(), "usage: open PATH [nonblock] as NAME");
        }
        if (m.named(name) != null) throw new CommandException(c.line(), "a process named '" + name + "' exists already");
        Context p = process(m, name);
        start(m, p, "open", a.get(0), nonblock ? O_RDWR | O_NONBLOCK : O_RDWR);
    }

    /** {@code cat PATH}: one process opens, reads to the end, closes and exits. */
    static void cat(Machine m, Command c) {
        Context p = process(m, m.unique("cat"));
        p.program.add("cat");
        start(m, p, "open", c.arg(0), 0);
    }

    static Context process(Machine m, String name) {
        Context p = m.newContext(name, ContextKind.PROCESS, Context.Purpose.PROCESS, name, 0, m.kernel.newPid(), name);
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
        m.kernel.sched().signal(p.id, number);
        m.trace.add(EventKind.SIGNAL, m.steps, p.cpu, p.nameId, 0, 0, p.pid, number, 0, sig + " to " + p.name);
        if (p.status == Context.Status.IDLE) m.call(p, "exit", "do_task_exit", fileOrZero(m, p));
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
        return (flags & O_NONBLOCK) != 0 ? mode + "|O_NONBLOCK" : mode;
    }

    static String unescape(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s.replace("\\n", "\n").replace("\\t", "\t");
    }
}
