package dev.driverlab.engine;

import dev.driverlab.kernel.Signal;
import java.util.List;

/**
 * One event-script command, parsed and checked once (by {@code scenario.ScriptParser}) into a record per
 * {@link Verb} with typed arguments; the engine only checks what depends on the machine (is there such a process,
 * such a device, is that context paused). Each command keeps the script line it came from, for error messages and
 * the trace.
 *
 * <p>Dispatch is a visitor: adding a command means adding a record here, a method to {@link Handler}, and a case to
 * the parser's switch over {@link Verb} — each of which the compiler asks for.
 */
public sealed interface Command {
    /** Where a command came from: its 1-based line in its script and the text as written (comments removed). */
    record Source(int line, String text) {}

    Source source();

    /** The verb this command's type stands for. */
    default Verb verb() {
        return Verb.of(getClass());
    }

    <R> R dispatch(Handler<R> h);

    default int line() {
        return source().line();
    }

    default String text() {
        return source().text();
    }

    /** Text as a script writes it for a process: optionally in double quotes, with {@code \n} and {@code \t} escapes. */
    static String unescape(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s.replace("\\n", "\n").replace("\\t", "\t");
    }

    /** One method per command type: what the engine does with each. */
    interface Handler<R> {
        R insmod(Insmod c);

        R rmmod(Rmmod c);

        R bind(Bind c);

        R unbind(Unbind c);

        R unplug(Unplug c);

        R irq(Irq c);

        R gpio(Gpio c);

        R open(Open c);

        R read(Read c);

        R write(Write c);

        R ioctl(Ioctl c);

        R poll(Poll c);

        R lseek(Lseek c);

        R close(Close c);

        R kill(Kill c);

        R exit(Exit c);

        R cat(Cat c);

        R echo(Echo c);

        R tick(Tick c);

        R gracePeriod(GracePeriod c);

        R breakpoint(Break c);

        R delete(Delete c);

        R resume(Continue c);

        R step(Step c);

        R schedule(Schedule c);

        R lsmod(Lsmod c);

        R dmesg(Dmesg c);
    }

    /** {@code insmod MODULE [PARAM=VALUE ...]}; {@code module} without a ".ko". */
    record Insmod(Source source, String module, List<String> params) implements Command {
        public Insmod {
            params = List.copyOf(params);
        }

        public <R> R dispatch(Handler<R> h) {
            return h.insmod(this);
        }
    }

    record Rmmod(Source source, String module) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.rmmod(this);
        }
    }

    record Bind(Source source, String device) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.bind(this);
        }
    }

    record Unbind(Source source, String device) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.unbind(this);
        }
    }

    record Unplug(Source source, String device) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.unplug(this);
        }
    }

    /** {@code irq N [cpu C]}: {@code cpu} is null when the script leaves the CPU to the machine (its last one). */
    record Irq(Source source, int irq, Integer cpu) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.irq(this);
        }
    }

    /** {@code gpio N 0|1}: the world pulls a GPIO line low or high. */
    record Gpio(Source source, int gpio, boolean value) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.gpio(this);
        }
    }

    /** {@code open PATH [nonblock] as NAME [on cpu N]}: {@code cpu} null when the script does not place it (CPU 0). */
    record Open(Source source, String path, boolean nonblock, String process, Integer cpu) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.open(this);
        }
    }

    record Read(Source source, String process, int count) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.read(this);
        }
    }

    /** {@code write NAME TEXT}: {@code data} with its quotes removed and its escapes resolved. */
    record Write(Source source, String process, String data) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.write(this);
        }
    }

    record Ioctl(Source source, IoctlRequest request) implements Command {
        public String process() {
            return request.process();
        }

        public <R> R dispatch(Handler<R> h) {
            return h.ioctl(this);
        }
    }

    /** {@code poll NAME [TIMEOUT_MS] [EVENTS]}: -1 waits for ever; {@code events} a POLL* mask. */
    record Poll(Source source, String process, int timeoutMs, int events) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.poll(this);
        }
    }

    /** {@code lseek NAME OFFSET [WHENCE]}: {@code whence} one of SEEK_SET (the default), SEEK_CUR, SEEK_END. */
    record Lseek(Source source, String process, long offset, String whence) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.lseek(this);
        }
    }

    record Close(Source source, String process) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.close(this);
        }
    }

    /** {@code kill NAME [SIG]}: {@code signal} as written (SIGTERM when not). */
    record Kill(Source source, String process, String signal) implements Command {
        /** The signals a script may send (a script's process installs no handler: each of them kills it). */
        public int number() {
            return Signal.of(signal).number;
        }

        public <R> R dispatch(Handler<R> h) {
            return h.kill(this);
        }
    }

    record Exit(Source source, String process) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.exit(this);
        }
    }

    /** {@code cat PATH [on cpu N]}: {@code cpu} null when the script does not place it (CPU 0). */
    record Cat(Source source, String path, Integer cpu) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.cat(this);
        }
    }

    /** {@code echo TEXT > PATH}: {@code message} without the newline echo adds. */
    record Echo(Source source, String message, String path) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.echo(this);
        }
    }

    record Tick(Source source, int jiffies) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.tick(this);
        }
    }

    record GracePeriod(Source source) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.gracePeriod(this);
        }
    }

    /**
     * Where a breakpoint is: a function name, or a line of one of the module's source files ({@code file} null: its
     * main file).
     */
    record Location(String file, String function, int line) {
        public boolean isLine() {
            return function == null;
        }

        @Override
        public String toString() {
            return !isLine() ? function : file == null ? Integer.toString(line) : file + ":" + line;
        }
    }

    record Break(Source source, Location at) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.breakpoint(this);
        }
    }

    record Delete(Source source, Location at) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.delete(this);
        }
    }

    /** {@code continue [CONTEXT]}: {@code context} null resumes every paused context. */
    record Continue(Source source, String context) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.resume(this);
        }
    }

    record Step(Source source, String context, int count) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.step(this);
        }
    }

    record Schedule(Source source, boolean manual) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.schedule(this);
        }
    }

    record Lsmod(Source source) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.lsmod(this);
        }
    }

    record Dmesg(Source source) implements Command {
        public <R> R dispatch(Handler<R> h) {
            return h.dmesg(this);
        }
    }
}
