package dev.driverlab.explore;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.driverlab.engine.trace.TraceEvent;
import java.util.List;

/**
 * One moment a found race ties together (the allocation, the free, the use; or a lock taken in each order): the
 * trace event (its members written in place), with the call stack its context had then, innermost frame first, as
 * a backtrace at that event would show it. {@code file} and {@code driverLine} say where in the driver's own code
 * it happened: the innermost frame of driver code (a free inside {@code kfree} called from {@code my_remove} is
 * {@code my_remove}'s line; a free by the driver core's devres release, with no driver code on the stack, has none:
 * 0 and null).
 */
public record Moment(@JsonUnwrapped TraceEvent event, List<Frame> stack, String file, int driverLine) {

    /** A frame of the stack: the function, the line it was at, its source file when it is the driver's own code. */
    public record Frame(String function, int line, String driverFile) {}
}
