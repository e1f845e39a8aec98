package dev.driverlab.explore;

/**
 * One decision of a schedule: inject an event (its index in the event list, and which of its variants — the CPU an
 * IRQ fires on, when the search chooses it), or let a context take one step. A schedule is the list of choices from
 * the state after setup; replaying it rebuilds the same state.
 */
public record Choice(int event, int variant, String context) {

    static Choice event(int index, int variant) {
        return new Choice(index, variant, null);
    }

    static Choice step(String context) {
        return new Choice(-1, 0, context);
    }

    public boolean isEvent() {
        return context == null;
    }
}
