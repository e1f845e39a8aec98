package dev.driverlab.engine.trace;

import dev.driverlab.engine.Program;
import dev.driverlab.engine.compile.Unit;

/** The plain-text form of trace events, one line each, as the CLI and {@code format=text} print them. */
public final class TraceText {
    private final Program program;

    public TraceText(Program program) {
        this.program = program;
    }

    public String line(TraceEvent e) {
        String where = e.function() == null ? "" : e.function() + (e.line() > 0 ? ":" + e.line() : "");
        String head = String.format(
                "%6d %6d CPU%d %-10s %-30s ",
                e.seq(), e.step(), e.cpu(), e.context().isEmpty() ? "-" : e.context(), where);
        return head + detail(e);
    }

    private String detail(TraceEvent e) {
        String kind = e.kind();
        switch (kind) {
            case "statement": {
                Unit driver = null;
                for (Unit u : program.modules()) {
                    if (e.function() != null && u != null && u.function(e.function()) != null) driver = u;
                }
                String src = driver != null ? driver.file.line(e.line()).strip() : "";
                return src.isEmpty() ? kind : kind + "  " + src;
            }
            case "enter":
            case "command":
            case "output":
                return kind + (e.text() == null ? "" : "  " + e.text());
            case "return":
                return kind + (e.text() == null ? "" : " = " + e.text());
            case "alloc":
                return "alloc #" + e.object() + " (" + e.to() + " bytes) by " + e.text();
            case "free":
                return "free #" + e.object() + (e.text() == null ? "" : " by " + e.text());
            case "read":
            case "write":
                return kind + " #" + e.object() + "+" + e.from();
            case "refcount":
                return "refcount " + e.text() + ": " + e.from() + " -> " + e.to();
            default:
                return kind + (e.text() == null ? "" : "  " + e.text());
        }
    }
}
