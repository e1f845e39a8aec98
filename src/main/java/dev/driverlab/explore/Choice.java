package dev.driverlab.explore;

/**
 * One decision of a schedule: inject an event (its index in the event list, and which of its variants — the CPU an
 * IRQ fires on, when the search chooses it), let a context run (one step, or with the explorer's reduction its steps
 * up to and including the next one another context could observe: {@code steps} says how many), or, when no context
 * can step, let time pass ({@code idle}: the script command that does it, a grace period or ticks). A schedule is the
 * list of choices from the state after setup; replaying it rebuilds the same state.
 */
public record Choice(int event, int variant, String context, String idle, int steps) {

    static Choice event(int index, int variant) {
        return new Choice(index, variant, null, null, 0);
    }

    static Choice step(String context) {
        return new Choice(-1, 0, context, null, 1);
    }

    static Choice idle(String command) {
        return new Choice(-1, 0, null, command, 0);
    }

    /** This step choice as taken: {@code steps} steps of its context (a transition up to an observable step). */
    Choice took(int steps) {
        return new Choice(event, variant, context, idle, steps);
    }

    public boolean isEvent() {
        return context == null && idle == null;
    }

    public boolean isIdle() {
        return idle != null;
    }
}
