package dev.driverlab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@code driverlab.sessions.shared-database}: two instances on one database (here two services on one H2). The
 * one that holds a stale copy of a session (it created it, then the router gave it to the other) rebuilds it from
 * the database once the other has stored it, rather than going on from its copy; a session deleted by the other
 * is gone for it too.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "driverlab.sessions.shared-database=true")
class SharedDatabaseTests {
    @Autowired
    SessionService one;

    @Autowired
    SessionRecords records;

    @Autowired
    SessionProperties properties;

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void aStaleCopyIsRebuiltOnceAnotherInstanceStoredTheSession() {
        SessionService other = new SessionService(records, properties, events);
        String id =
                one.create(ScenarioSpec.builtIn("devm-irq-tasklet"), null, null).id();
        other.apply(id, List.of("insmod devm_irq_tasklet", "irq 17"));
        // Not stored yet: the first instance's copy is as good as the database's.
        assertThat(commands(one, id)).isEmpty();
        other.sweep(Instant.now());

        assertThat(commands(one, id)).containsExactly("insmod devm_irq_tasklet", "irq 17");
        long steps = one.read(id, s -> s.state().steps());
        long stepsThere = other.read(id, s -> s.state().steps());
        assertThat(steps).isEqualTo(stepsThere).isPositive();
        // Rebuilt once, then used as it is: its own commands go on from there.
        one.apply(id, List.of("irq 17"));
        assertThat(commands(one, id)).hasSize(3);
    }

    private static List<String> commands(SessionService service, String id) {
        return service.read(id, s -> s.history().commands());
    }

    @Test
    void aSessionDeletedByAnotherInstanceIsGone() {
        SessionService other = new SessionService(records, properties, events);
        String id =
                one.create(ScenarioSpec.builtIn("devm-irq-tasklet"), null, null).id();
        assertThat(one.isLive(id)).isTrue();
        other.delete(id);
        assertThatThrownBy(() -> one.read(id, Session::state)).isInstanceOf(NotFoundException.class);
        assertThat(one.isLive(id)).isFalse();
    }
}
