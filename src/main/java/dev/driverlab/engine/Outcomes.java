package dev.driverlab.engine;

import dev.driverlab.kernel.DeferState;
import dev.driverlab.kernel.Errno;
import dev.driverlab.kernel.LoadedModule;
import dev.driverlab.kernel.Signal;
import java.util.List;

/** What user space prints, and what the kernel starts, when a context's entry function returns. */
final class Outcomes {
    private Outcomes() {}

    static void onExit(Machine m, Context ctx, long value) {
        switch (ctx.purpose) {
            case INSMOD:
                if (value != 0) {
                    // kmod's mod_strerror: what insmod says for the errors only module loading gives
                    long errno = -value;
                    String why = errno == Errno.ENOEXEC.number
                            ? "Invalid module format"
                            : errno == Errno.ENOENT.number
                                    ? "Unknown symbol in module"
                                    : errno == Errno.EINVAL.number ? "Invalid parameters" : Errno.strerror(errno);
                    m.output("insmod: ERROR: could not insert module " + ctx.subject + ".ko: " + why);
                }
                break;
            case RMMOD:
                if (value == -Errno.EAGAIN.number) m.output("rmmod: ERROR: Module " + ctx.subject + " is in use");
                else if (value != 0) {
                    m.output("rmmod: ERROR: could not remove module " + ctx.subject + ": " + Errno.strerror(-value));
                }
                break;
            case BIND:
            case UNBIND:
                if (value < 0) m.output(ctx.name + ": echo: write error: " + Errno.strerror(-value));
                break;
            case IRQ:
                m.irqExit(ctx.cpu);
                break;
            case PROCESS:
                syscallReturned(m, ctx, value);
                break;
            case KWORKER:
                int pool = DeferState.poolOfWorker(ctx.name, m.kernel().cpus());
                if (!m.kernel().defer().work().getOrDefault(pool, List.of()).isEmpty()) {
                    m.wakeWorkerPool(pool); // queued after its last look: another kworker takes it
                }
                break;
            default:
                break;
        }
    }

    /** Marks the program of a cat or echo process one of whose calls failed: it exits with status 1. */
    private static final String FAILED = "failed";

    /** strace's way of showing a failed call: "-1 EAGAIN (Resource temporarily unavailable)". */
    static String result(long value) {
        if (value >= 0) return Long.toString(value);
        // -ERESTARTSYS, -ERESTARTNOHAND and -ERESTART_RESTARTBLOCK reach user space as EINTR (not restarted)
        long errno = value == -512 || value == -514 || value == -516 ? Errno.EINTR.number : -value;
        return "-1 " + Errno.symbol(errno) + " (" + Errno.strerror(errno) + ")";
    }

    /** A process's system call returned: print it, then exit if a signal is pending, or run its program on. */
    private static void syscallReturned(Machine m, Context p, long value) {
        String call = p.syscall;
        if (call.equals("exit")) {
            Integer sig = m.kernel().sched().pendingSignal(p.id);
            int status = p.program.contains(FAILED) ? 1 : 0;
            m.output(p.name + ": "
                    + (sig != null
                            ? "+++ killed by " + Signal.of(sig).name() + " +++"
                            : "+++ exited with " + status + " +++"));
            m.kernel().vfs().dropFile(p.id);
            userExited(m, p);
            return;
        }
        if (call.equals("read") && value > 0) {
            String data = m.kernel().memory().readString(p.userBuffer, (int)
                    Math.min(Math.min(value, p.userCount), Strace.STRING_MAX + 1));
            m.output(p.name + ": read(3, " + Strace.quoted(data) + ", " + p.userCount + ") = " + value);
        } else if (call.equals("read")) {
            m.output(p.name + ": read(3, \"\", " + p.userCount + ") = " + result(value));
        } else if (call.equals("write")) {
            String data = m.kernel().memory().readString(p.userBuffer, Strace.STRING_MAX + 1);
            m.output(p.name + ": write(3, " + Strace.quoted(data) + ", " + p.userCount + ") = " + result(value));
        } else if (call.equals("ioctl")) {
            String after = p.userCount == 0
                    ? ""
                    : (p.straceEntry.endsWith(", ") ? "" : " => ")
                            + Strace.hexBytes(m.kernel().memory(), p.userBuffer, p.userCount);
            m.output(p.name + ": " + p.straceEntry + after + ") = " + result(value));
        } else if (call.equals("poll")) {
            int revents = (int) m.kernel().memory().read(p.userBuffer + ProcessCommands.POLLFD_REVENTS, 2, false);
            String after = value > 0
                    ? " ([{fd=3, revents=" + PollEvents.names(revents) + "}])"
                    : value == 0 ? " (Timeout)" : "";
            m.output(p.name + ": " + p.straceEntry + " = " + result(value) + after);
        } else if (call.equals("close")) {
            m.output(p.name + ": close(3) = " + result(value));
        } else {
            m.output(p.name + ": " + call + " = " + result(value));
        }
        long file = m.kernel().vfs().file(p.id) == null ? 0 : m.kernel().vfs().file(p.id);
        if (m.kernel().sched().pendingSignal(p.id) != null) {
            m.call(p, "exit", "do_task_exit", file);
            return;
        }
        // cat and echo exit 1 after a call that failed (coreutils' and the shell's exit status), else 0
        if (!p.program.isEmpty() && value < 0 && !p.program.contains(FAILED)) p.program.add(FAILED);
        if (!p.program.isEmpty() && p.program.get(0).equals("echo")) { // open, write once, close, exit
            if (call.startsWith("open") && value >= 0) ProcessCommands.startEcho(m, p);
            else if (file != 0 && !call.equals("close")) m.call(p, "close", "close_fd", file);
            else m.call(p, "exit", "do_task_exit", 0);
        } else if (!p.program.isEmpty()) { // cat: read until end of file, then close and exit
            if (call.startsWith("open") && value >= 0) ProcessCommands.startRead(m, p, ProcessCommands.CAT_READ);
            else if (call.equals("read") && value > 0 && p.program.size() < ProcessCommands.CAT_READS) {
                p.program.add("read");
                ProcessCommands.startRead(m, p, ProcessCommands.CAT_READ);
            } else if (call.equals("read") && value > 0) { // a file that never ends: the simulated cat stops
                m.output(p.name + ": output cut off after " + ProcessCommands.CAT_READS + " reads (the simulator's"
                        + " limit for cat)");
                m.call(p, "close", "close_fd", file);
            } else if (file != 0 && !call.equals("close")) m.call(p, "close", "close_fd", file);
            else m.call(p, "exit", "do_task_exit", 0);
        }
    }

    /** The last user process gone while a module's count stays above zero: nobody can ever drop it. */
    private static void userExited(Machine m, Context p) {
        for (Context c : m.contexts()) if (c.persistent && c != p && c.status != Context.Status.DONE) return;
        for (LoadedModule mod : m.kernel().modules()) {
            if (mod.unloaded()) continue;
            long count = m.kernel().memory().read(mod.moduleStruct + m.kernelOffset("module", "refcnt"), 4, true);
            // each module using this one holds a reference (ref_module), dropped when that module goes
            if (mod.state() != LoadedModule.State.UNFORMED)
                count -= m.holders(mod).size();
            if (count > 0 && !m.stopped()) Reporter.unremovable(m, p, mod.name, count);
        }
    }

    /**
     * strace's string_quote: \\ and \" escaped, \t \n \v \f \r by name, other bytes that are not printable ASCII in
     * octal (three digits when an octal digit follows, so the next character is not read as part of it).
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case 0x0b -> b.append("\\v");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else {
                        boolean digitNext = i + 1 < s.length() && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7';
                        b.append('\\')
                                .append(digitNext ? String.format("%03o", c & 0xff) : Integer.toOctalString(c & 0xff));
                    }
                }
            }
        }
        return b.toString();
    }
}
