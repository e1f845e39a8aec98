package dev.driverlab.web.api;

import dev.driverlab.session.SessionEvent;
import dev.driverlab.session.SessionService;
import dev.driverlab.web.http.RateLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The lab's own metrics, beside Spring's ({@code http.server.requests} with its status, the JVM's), on
 * {@code /actuator/metrics} and {@code /actuator/prometheus} (README "Operations"): live sessions and the heap
 * they hold, commands applied (a counter: its rate is commands/s), race searches issued or running. Push lag is
 * {@code driverlab.push} (SessionPublisher), rejected requests {@code driverlab.requests.rejected}
 * ({@link RateLimits}).
 */
@Component
class LabMetrics {
    private final Counter commands;

    LabMetrics(MeterRegistry registry, SessionService sessions, ExploreJobs jobs) {
        Gauge.builder("driverlab.sessions.live", sessions, SessionService::liveCount)
                .description("sessions held in memory by this instance")
                .register(registry);
        Gauge.builder("driverlab.sessions.heap", sessions, SessionService::liveBytes)
                .baseUnit("bytes")
                .description("estimated heap the live sessions hold")
                .register(registry);
        Gauge.builder("driverlab.explore.jobs", jobs, ExploreJobs::size)
                .description("race searches issued and not finished")
                .register(registry);
        commands = Counter.builder("driverlab.commands")
                .description("commands applied to sessions")
                .register(registry);
    }

    @EventListener
    void applied(SessionEvent.Applied e) {
        commands.increment(e.batch().applied());
    }
}
