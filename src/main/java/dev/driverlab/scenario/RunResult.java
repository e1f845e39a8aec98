package dev.driverlab.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import dev.driverlab.engine.view.StateView;
import java.util.List;

/**
 * What a headless run produced: the CLI's {@code --json} document and the API's run result. {@code trace} is null
 * in summary mode; {@code error} holds a command that could not apply (the run stopped there); {@code truncated}
 * says what was left out of a result cut to a size (the API's; the CLI's never is).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResult(
        String scenario,
        long steps,
        List<TraceEvent> trace,
        List<String> dmesg,
        List<Report> reports,
        List<String> output,
        List<String> warnings,
        StateView state,
        String error,
        String truncated) {

    public RunResult(
            String scenario,
            long steps,
            List<TraceEvent> trace,
            List<String> dmesg,
            List<Report> reports,
            List<String> output,
            List<String> warnings,
            StateView state,
            String error) {
        this(scenario, steps, trace, dmesg, reports, output, warnings, state, error, null);
    }

    /** 0: ran with no bug report; 1: a bug was reported; 2: the script could not run to its end. */
    public int exitCode() {
        if (!reports.isEmpty()) return 1;
        return error == null ? 0 : 2;
    }
}
