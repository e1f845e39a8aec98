package dev.driverlab.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.engine.trace.Report;
import dev.driverlab.engine.trace.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The trace in Chrome Trace Event Format, for Perfetto UI and chrome://tracing. Time is the trace's own order:
 * one microsecond per event ({@code ts = seq}; the machine step is in {@code args.step}), which keeps every event
 * distinct and every call properly nested. Layout: a process per CPU with a thread per context (function calls
 * as nested slices, kernel events as instants), a "script" process with the commands, an "objects" process with
 * object lifetimes as async slices (alloc to free) and refcounts as counter tracks, and reports as global
 * instants.
 */
final class ChromeTrace {
    private static final int SCRIPT_PID = 0;
    private static final int OBJECTS_PID = 1000;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(
            String name,
            String cat,
            String ph,
            long ts,
            int pid,
            Integer tid,
            String id,
            String s,
            Map<String, Object> args) {}

    record Document(List<Event> traceEvents, String displayTimeUnit, Map<String, Object> otherData) {}

    private final List<Event> out = new ArrayList<>();
    private final Map<String, Integer> threads = new LinkedHashMap<>();
    private final Map<Integer, Deque<String>> open = new LinkedHashMap<>();
    private final Set<Integer> cpus = new TreeSet<>();

    private ChromeTrace() {}

    static Document of(String title, List<TraceEvent> events, List<Report> reports) {
        ChromeTrace t = new ChromeTrace();
        t.metadata("process_name", SCRIPT_PID, null, "script");
        t.metadata("thread_name", SCRIPT_PID, 0, "commands");
        t.metadata("process_name", OBJECTS_PID, null, "objects");
        long end = 0;
        for (TraceEvent e : events) {
            t.add(e);
            end = e.seq() + 1;
        }
        t.closeOpenSlices(end);
        for (Report r : reports) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("kind", r.kind());
            args.put("context", r.context());
            args.put("function", r.function());
            args.put("text", r.text());
            t.out.add(new Event(r.title(), "report", "i", r.seq(), SCRIPT_PID, 0, null, "g", args));
        }
        return new Document(t.out, "ns", Map.of("title", title, "timeUnit", "1 us = one trace event (ts = seq)"));
    }

    private void add(TraceEvent e) {
        if (e.context() == null || e.context().isEmpty()) {
            out.add(new Event(
                    e.kind().equals("command") ? e.text() : e.kind(),
                    e.kind(),
                    "i",
                    e.seq(),
                    SCRIPT_PID,
                    0,
                    null,
                    "t",
                    args(e)));
            return;
        }
        int pid = e.cpu() + 1;
        int tid = thread(pid, e.context());
        switch (e.kind()) {
            case "statement":
            case "read":
            case "write":
                return; // one per step: the slices already show where each context is; the JSON trace has them
            case "report":
                return; // drawn once, globally, from the report itself (below)
            case "enter":
                open.computeIfAbsent(tid, k -> new ArrayDeque<>()).push(e.function());
                out.add(new Event(e.function(), "call", "B", e.seq(), pid, tid, null, null, args(e)));
                return;
            case "return": {
                Deque<String> stack = open.get(tid);
                if (stack == null || stack.isEmpty()) return;
                out.add(new Event(stack.pop(), "call", "E", e.seq(), pid, tid, null, null, null));
                return;
            }
            case "alloc":
                out.add(new Event(
                        objectName(e), "object", "b", e.seq(), OBJECTS_PID, null, "obj" + e.object(), null, args(e)));
                break;
            case "free":
                out.add(new Event(
                        objectName(e), "object", "e", e.seq(), OBJECTS_PID, null, "obj" + e.object(), null, args(e)));
                break;
            case "refcount":
                out.add(new Event(
                        e.text() + " #" + e.object(),
                        "refcount",
                        "C",
                        e.seq(),
                        OBJECTS_PID,
                        null,
                        null,
                        null,
                        Map.of("value", e.to() == null ? 0 : e.to())));
                break;
            default:
                break;
        }
        out.add(new Event(
                e.kind() + (e.text() == null ? "" : ": " + e.text()),
                e.kind(),
                "i",
                e.seq(),
                pid,
                tid,
                null,
                "t",
                args(e)));
    }

    /** Calls still open at the end (a paused or crashed context) are closed there, so every B has its E. */
    private void closeOpenSlices(long end) {
        for (Map.Entry<String, Integer> t : threads.entrySet()) {
            Deque<String> stack = open.get(t.getValue());
            int pid = Integer.parseInt(t.getKey().substring(0, t.getKey().indexOf('/')));
            while (stack != null && !stack.isEmpty()) {
                out.add(new Event(stack.pop(), "call", "E", end, pid, t.getValue(), null, null, null));
            }
        }
    }

    /** One thread per (CPU, context name), numbered in order of appearance so the layout is stable. */
    private int thread(int pid, String context) {
        String key = pid + "/" + context;
        Integer tid = threads.get(key);
        if (tid == null) {
            tid = threads.size() + 1;
            threads.put(key, tid);
            if (cpus.add(pid)) {
                metadata("process_name", pid, null, "CPU " + (pid - 1));
                metadata("process_sort_index", pid, null, pid);
            }
            metadata("thread_name", pid, tid, context);
        }
        return tid;
    }

    private void metadata(String name, int pid, Integer tid, Object value) {
        out.add(new Event(
                name,
                null,
                "M",
                0,
                pid,
                tid,
                null,
                null,
                Map.of(name.endsWith("sort_index") ? "sort_index" : "name", value)));
    }

    private static String objectName(TraceEvent e) {
        return "object #" + e.object();
    }

    private static Map<String, Object> args(TraceEvent e) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("seq", e.seq());
        a.put("step", e.step());
        if (e.function() != null) a.put("function", e.function());
        if (e.line() > 0) a.put("line", e.line());
        if (e.object() != null) a.put("object", e.object());
        if (e.from() != null) a.put("from", e.from());
        if (e.to() != null) a.put("to", e.to());
        if (e.text() != null) a.put("text", e.text());
        return a;
    }
}
