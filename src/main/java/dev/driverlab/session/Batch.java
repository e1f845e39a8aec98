package dev.driverlab.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import java.util.List;

/**
 * What one batch of commands did: the trace events it added (seqs {@code from} up to {@code summary.next}), the new
 * kernel log lines and reports, how many commands ran, and how many were skipped because the kernel crashed
 * part-way (as the CLI stops at a bug report); then the state after it, as a summary and, when the caller asked
 * for it, in full ({@code state}, else null).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Batch(long from, List<TraceEvent> events, List<String> dmesg, List<Report> reports, int applied,
                    int skipped, SessionSummary summary, SessionState state) {}
