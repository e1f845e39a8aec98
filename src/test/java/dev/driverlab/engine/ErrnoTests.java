package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.kernel.Errno;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The errnos user space sees are the kernel's: one table, its numbers those the prelude's headers define. */
class ErrnoTests {
    @Test
    void everyErrnoIsTheKernelHeadersNumberUnderTheSameName() {
        Map<String, Long> constants = Program.kernelUnit().constants();
        for (Errno e : Errno.values()) {
            assertThat(constants.get(e.name())).as(e.name()).isEqualTo(e.number);
        }
    }

    @Test
    void straceAndStrerrorReadTheSameTable() {
        assertThat(Outcomes.result(-11)).isEqualTo("-1 EAGAIN (Resource temporarily unavailable)");
        assertThat(Outcomes.result(-38)).isEqualTo("-1 ENOSYS (Function not implemented)");
        // -ERESTARTSYS reaches user space as EINTR; a number with no name stays a number, as strace shows it
        assertThat(Outcomes.result(-512)).isEqualTo("-1 EINTR (Interrupted system call)");
        assertThat(Outcomes.result(-517)).isEqualTo("-1 E517 (Unknown error 517)");
        assertThat(Outcomes.result(3)).isEqualTo("3");
    }
}
