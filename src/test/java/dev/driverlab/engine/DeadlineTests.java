package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.driverlab.kernel.Lab;
import dev.driverlab.scenario.ScriptParser;
import org.junit.jupiter.api.Test;

/** The server's wall-clock budget interrupts a command part-way, and never changes what a command does. */
class DeadlineTests {
    private static final Lab SPINNER = Lab.init("", """
            	unsigned long i, n = 0;
            	for (i = 0; i < 20000; i++)
            		n += i;
            	pr_info("%lu", n);
            """);

    private static Command insmod() {
        return ScriptParser.parse("script", "insmod lab").get(0);
    }

    @Test
    void aCommandStillRunningAtItsDeadlineIsInterruptedPartWay() {
        Engine e = SPINNER.boot();
        e.setDeadline(System.nanoTime() - 1);
        assertThatThrownBy(() -> e.apply(insmod())).isInstanceOf(WallClockExceeded.class);
        assertThat(e.machine().steps()).isPositive().isLessThan(20_000);
        assertThat(e.machine().reports()).isEmpty(); // the budget is the server's, not a kernel event
    }

    @Test
    void aDeadlineThatIsNotReachedChangesNothing() {
        Engine timed = SPINNER.boot();
        timed.setDeadline(System.nanoTime() + 60_000_000_000L);
        timed.apply(insmod());
        Engine untimed = SPINNER.boot();
        untimed.apply(insmod());
        assertThat(timed.machine().steps()).isEqualTo(untimed.machine().steps());
        assertThat(timed.machine().kernel().dmesg())
                .isEqualTo(untimed.machine().kernel().dmesg())
                .containsExactly("lab" + Lab.OUT_OF_TREE, "199990000");
    }
}
