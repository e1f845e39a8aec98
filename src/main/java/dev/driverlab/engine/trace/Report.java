package dev.driverlab.engine.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A bug the simulated kernel reported: kind (use-after-free, double-free, oops, soft-lockup, ...), the kernel's
 * own first line as title, the full text as the kernel prints it, the seq of the offending step, and the seqs of
 * related events (allocation and free of the object) that the UI draws as arrows.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Report(
        String kind, String title, String text, long seq, String context, String function, List<Long> related) {}
