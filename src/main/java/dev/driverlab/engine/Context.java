package dev.driverlab.engine;

import dev.driverlab.engine.trace.Trace;
import dev.driverlab.kernel.ContextKind;
import dev.driverlab.kernel.WaitCondition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An execution context (a task, a hardirq, a CPU's softirq run) with its explicit frame stack. */
public final class Context implements Trace.Actor {
    public enum Status {
        RUNNABLE,
        BLOCKED,
        PAUSED,
        IDLE,
        DONE
    }

    /** What the engine does when the context's entry function returns. */
    public enum Purpose {
        INSMOD,
        RMMOD,
        BIND,
        UNBIND,
        IRQ,
        SOFTIRQ,
        PROCESS,
        KTHREAD,
        KWORKER,
        UNPLUG
    }

    final int id;
    final String name;
    final ContextKind kind;
    final Purpose purpose;
    final String subject;
    final int cpu;
    final int pid;
    final String comm;
    long stackObject;
    int nameId;
    Status status = Status.RUNNABLE;
    Frame[] frames = new Frame[8];
    int depth;
    /**
     * {@code frames[0..sharedFrames)} are shared with a copy of this context (copy-on-write): only the top frame is
     * ever changed, and {@link #writableTop} copies it first if it is one of them.
     */
    int sharedFrames;

    int stackTop;
    WaitCondition wait;
    String pauseReason;
    boolean skipBreakpointOnce;
    /** Steps since the context last blocked (or since its command began): what the soft-lockup watchdog measures. */
    int stepBudget;
    /**
     * It went through the scheduler without sleeping (schedule() in TASK_RUNNING, yield, cond_resched): it goes to
     * the back of the run queue, behind every other context that may run, until it is picked again.
     */
    boolean yielded;
    /** The jiffies value when it last blocked: the hung-task detector's "blocked for more than 120 seconds". */
    long blockedAt;

    long result;
    /** A user process stays alive between its system calls (IDLE) until it exits or is killed. */
    boolean persistent;

    String syscall;
    long userBuffer;
    int userCount;
    /** What strace printed when the call entered (ioctl, poll): the exit completes the line. */
    String straceEntry;

    List<String> program = new ArrayList<>();

    Context(
            int id,
            String name,
            ContextKind kind,
            Purpose purpose,
            String subject,
            int cpu,
            int pid,
            String comm,
            long stackObject) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.purpose = purpose;
        this.subject = subject;
        this.cpu = cpu;
        this.pid = pid;
        this.comm = comm;
        this.stackObject = stackObject;
    }

    Context copy() {
        Context c = new Context(id, name, kind, purpose, subject, cpu, pid, comm, stackObject);
        c.status = status;
        c.frames = Arrays.copyOf(frames, frames.length);
        c.depth = depth;
        c.sharedFrames = depth;
        sharedFrames = depth;
        c.stackTop = stackTop;
        c.wait = wait;
        c.pauseReason = pauseReason;
        c.skipBreakpointOnce = skipBreakpointOnce;
        c.result = result;
        c.stepBudget = stepBudget;
        c.yielded = yielded;
        c.blockedAt = blockedAt;
        c.nameId = nameId;
        c.persistent = persistent;
        c.syscall = syscall;
        c.userBuffer = userBuffer;
        c.userCount = userCount;
        c.straceEntry = straceEntry;
        c.program = new ArrayList<>(program);
        return c;
    }

    /** The top frame, to read. */
    Frame top() {
        return frames[depth - 1];
    }

    /** The top frame, to run or change: a private copy if it is still shared with a copy of this context. */
    Frame writableTop() {
        int i = depth - 1;
        if (i < sharedFrames) {
            frames[i] = frames[i].copy();
            sharedFrames = i;
        }
        frames[i].changing();
        return frames[i];
    }

    void push(Frame f) {
        if (depth == frames.length) frames = Arrays.copyOf(frames, depth * 2);
        sharedFrames = Math.min(sharedFrames, depth);
        frames[depth++] = f;
    }

    @Override
    public int traceName() {
        return nameId;
    }

    @Override
    public String name() {
        return name;
    }

    public ContextKind kind() {
        return kind;
    }

    @Override
    public int cpu() {
        return cpu;
    }

    @Override
    public int pid() {
        return pid;
    }

    public String comm() {
        return comm;
    }

    public Status status() {
        return status;
    }

    public WaitCondition waitingOn() {
        return wait;
    }

    public String pauseReason() {
        return pauseReason;
    }

    public int depth() {
        return depth;
    }

    public Frame frame(int i) {
        return frames[i];
    }

    public boolean active() {
        return status != Status.DONE && status != Status.IDLE;
    }

    public int id() {
        return id;
    }

    public boolean persistent() {
        return persistent;
    }

    /** The system call a user process last entered (read it only while the process is in it). */
    public String syscall() {
        return syscall;
    }
}
