package dev.driverlab.kernel;

import java.util.List;

/** Where something happened: the task, the step and the call stack (innermost first), for KASAN's stacks. */
public record Site(int pid, String comm, long seq, List<String> stack) {
    public Site {
        stack = List.copyOf(stack);
    }
}
