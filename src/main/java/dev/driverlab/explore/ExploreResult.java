package dev.driverlab.explore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.driverlab.engine.trace.Report;
import java.util.List;

/**
 * What a search found: the first crash in breadth-first order (so a shortest one) with the script that replays
 * it, or none within the bounds. {@code states} are distinct states visited, {@code schedules} the transitions
 * tried; {@code complete} says the whole bounded space was covered (no state, time or memory cut);
 * {@code widest} is the most choices any state offered (1: there was nothing to interleave).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExploreResult(
        String scenario,
        boolean found,
        Report report,
        List<String> script,
        int scheduleLength,
        long steps,
        int states,
        long schedules,
        int depth,
        boolean complete,
        String stoppedBy,
        long millis,
        int widest,
        List<Moment> moments) {

    public ExploreResult(
            String scenario,
            boolean found,
            Report report,
            List<String> script,
            int scheduleLength,
            long steps,
            int states,
            long schedules,
            int depth,
            boolean complete,
            String stoppedBy,
            long millis,
            int widest) {
        this(
                scenario,
                found,
                report,
                script,
                scheduleLength,
                steps,
                states,
                schedules,
                depth,
                complete,
                stoppedBy,
                millis,
                widest,
                null);
    }

    /**
     * The found race explained by a replay of its script with the trace on: the report as the replay gives it (its
     * seqs are those of the session the script loads as), and the moments it ties together in the order they
     * happened — the object's allocation and free, then the step that used it (or whatever the report relates) —
     * each with its context, function and line, and the call stack it ran on ({@link Moment}). {@code moments} is
     * null when nothing was found.
     */
    public ExploreResult explained(Report replayed, List<Moment> moments) {
        return new ExploreResult(
                scenario,
                found,
                replayed,
                script,
                scheduleLength,
                steps,
                states,
                schedules,
                depth,
                complete,
                stoppedBy,
                millis,
                widest,
                List.copyOf(moments));
    }

    /** The three answers a search can give, never to be confused with one another. */
    public enum Verdict {
        /** A crashing schedule was found (exit 1). */
        RACE_FOUND(1, "race-found"),
        /** Every schedule in the bounded space was run and none crashed (exit 0). */
        NO_CRASH(0, "no-crash"),
        /** The search could not cover its space (a bound, a cancel) or had nothing to search (exit 3). */
        INCOMPLETE(3, "incomplete");

        public final int exitCode;
        public final String code;

        Verdict(int exitCode, String code) {
            this.exitCode = exitCode;
            this.code = code;
        }
    }

    public ExploreResult(
            String scenario,
            boolean found,
            Report report,
            List<String> script,
            int scheduleLength,
            long steps,
            int states,
            long schedules,
            int depth,
            boolean complete,
            String stoppedBy,
            long millis) {
        this(
                scenario,
                found,
                report,
                script,
                scheduleLength,
                steps,
                states,
                schedules,
                depth,
                complete,
                stoppedBy,
                millis,
                0);
    }

    /** A clean but complete search where no state ever offered a choice has proven nothing about races. */
    private boolean nothingToInterleave() {
        return widest <= 1;
    }

    @JsonProperty("verdict")
    public String verdictCode() {
        return verdict().code;
    }

    public Verdict verdict() {
        if (found) return Verdict.RACE_FOUND;
        if (complete && !nothingToInterleave()) return Verdict.NO_CRASH;
        return Verdict.INCOMPLETE;
    }

    /** Why the search is incomplete, in words; null for the other verdicts. */
    @JsonProperty("incompleteBecause")
    public String incompleteBecause() {
        if (verdict() != Verdict.INCOMPLETE) return null;
        if (!complete) return stoppedBy != null ? "stopped by the " + stoppedBy : "stopped before the end";
        return "nothing to interleave: no state offered more than one choice (add events, or contexts that run "
                + "at the same time)";
    }

    /** 1 race found, 0 no crash in the whole bounded space, 3 incomplete (as the CLI exits). */
    public int exitCode() {
        return verdict().exitCode;
    }
}
