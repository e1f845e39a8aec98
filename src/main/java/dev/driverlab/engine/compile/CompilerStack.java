package dev.driverlab.engine.compile;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Runs a compile on a thread of its own with a stack of known size, as clang does ({@code
 * runWithSufficientStackSpace}, 8 MiB). {@link dev.driverlab.lang.Nesting#LIMIT} bounds how many levels the passes
 * recurse, but not how many bytes a level takes: that depends on the JIT (a warm, inlined frame of the expression
 * compiler is several times an interpreted one), and the caller's stack (a server worker, a test thread) is not
 * ours to know. The deepest accepted program needs well under a megabyte.
 */
final class CompilerStack {
    static final long BYTES = 8L << 20;

    private CompilerStack() {}

    /** The result of {@code work}, computed on a fresh thread; what it throws is thrown here. */
    static <T> T call(Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread thread = new Thread(null, task, "driverlab-compile", BYTES);
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get(); // a compile is bounded by the budgets: wait for it even if interrupted
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    if (cause instanceof Error err) throw err;
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
