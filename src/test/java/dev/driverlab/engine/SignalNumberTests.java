package dev.driverlab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.headers.KernelApi;
import dev.driverlab.kernel.Signal;
import org.junit.jupiter.api.Test;

/** The signals a script sends are numbered as the prelude's include/linux/signal.h defines them. */
class SignalNumberTests {
    @Test
    void everySignalIsTheKernelHeadersNumberUnderTheSameName() {
        for (Signal s : Signal.values()) {
            assertThat(KernelApi.prelude().entries())
                    .as(s.name())
                    .anyMatch(e -> e.name().equals(s.name())
                            && e.header().equals("linux/signal.h")
                            && e.prototype().equals("#define " + s.name() + " " + s.number));
        }
        assertThat(Signal.of("TERM")).isSameAs(Signal.SIGTERM);
        assertThat(Signal.of("SIGINT")).isSameAs(Signal.SIGINT);
        assertThat(Signal.of("SIGHUP")).isNull();
        assertThat(Signal.of(9)).isSameAs(Signal.SIGKILL);
    }
}
