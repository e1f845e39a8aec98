package dev.driverlab.session;

import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import java.util.List;

/**
 * What one batch of commands did: the trace events it added (seqs {@code from} up to the state's {@code next}),
 * the new kernel log lines and reports, how many commands ran, and how many were skipped because the kernel
 * crashed part-way (as the CLI stops at a bug report), then the state after it.
 */
public record Batch(long from, List<TraceEvent> events, List<String> dmesg, List<Report> reports, int applied,
                    int skipped, SessionState state) {}
