package dev.driverlab.web.http;

import java.util.Locale;

/**
 * The cost classes of requests, each with its own token bucket per client ({@code driverlab.api.rate.<name>.*},
 * see {@link RateLimits}). An endpoint declares its class with {@link RateLimited}; README's API section has the
 * table of which endpoint spends which budget.
 */
public enum Budget {
    /** Sessions and stored shares: a compile (cached) plus a replay, and something kept. */
    CREATE("sessions and shares created"),
    /** A whole scenario script run to its end. */
    RUN("runs"),
    /** Compiling a scenario or driver the user wrote. */
    COMPILE("compile checks"),
    /** Making a self-contained link (a replay to check it) or decoding one. */
    LINK("links made or decoded"),
    /** Command batches on a live session, over REST or STOMP. */
    COMMANDS("command batches"),
    /** Rewinds and past-step views: both replay the session from a snapshot. */
    REPLAY("rewinds and past-step views"),
    /** Reading a stored share (a database read). */
    LOOKUP("share lookups"),
    /** Race searches and the job ids that follow their progress. */
    EXPLORE("race searches");

    private final String what;

    Budget(String what) {
        this.what = what;
    }

    /** The property name under {@code driverlab.api.rate}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the budget counts, for the 429's detail. */
    public String what() {
        return what;
    }
}
