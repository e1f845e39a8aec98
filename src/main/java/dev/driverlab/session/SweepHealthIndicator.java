package dev.driverlab.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN when the session sweep has not finished for three of its intervals: the thread that stores every session's
 * commands is stuck (a wedged database, an exhausted heap), so nothing new is durable any more and the process
 * should be restarted by its supervisor. Part of {@code /actuator/health}, which the Dockerfile's health check reads.
 */
@Component("sessionSweep")
class SweepHealthIndicator implements HealthIndicator {
    private final SessionService sessions;
    private final Duration allowed;
    private final Clock clock;

    @Autowired
    SweepHealthIndicator(SessionService sessions, SessionProperties properties) {
        this(sessions, properties.sweepInterval().multipliedBy(3).plusSeconds(30), Clock.systemUTC());
    }

    SweepHealthIndicator(SessionService sessions, Duration allowed, Clock clock) {
        this.sessions = sessions;
        this.allowed = allowed;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant last = sessions.lastSweep();
        Duration since = Duration.between(last, clock.instant());
        Health.Builder health = since.compareTo(allowed) > 0 ? Health.down() : Health.up();
        return health.withDetail("lastSweep", last.toString())
                .withDetail("liveSessions", sessions.liveCount())
                .build();
    }
}
