package dev.driverlab.explore;

/**
 * One decision of a schedule: inject the next event (its index in the event list), or let a context take one
 * step. A schedule is the list of choices from the state after setup; replaying it rebuilds the same state.
 */
public record Choice(int event, String context) {

    static Choice event(int index) {
        return new Choice(index, null);
    }

    static Choice step(String context) {
        return new Choice(-1, context);
    }

    public boolean isEvent() {
        return context == null;
    }
}
