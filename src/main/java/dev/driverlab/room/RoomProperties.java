package dev.driverlab.room;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code driverlab.rooms.*}: the caps on workshop rooms. {@code max-rooms}: rooms the database holds (every instance
 * sharing it counts the same rooms; past it a new room is 422 {@code too-many-rooms}); {@code max-members}: students
 * who may join one room (then 422 {@code room-full}); {@code max-questions}: questions one room may ask (then 422
 * {@code too-many-questions}); {@code max-name}: a display name's length in characters; {@code connected}: how long a
 * member counts as connected after their page last said so; {@code idle}: a room nobody acted in for that long
 * (teacher or student: a step, a question, an answer, a join, a fork, a submission; an open page alone is not
 * activity) is deleted by the sweep that runs every {@code sweep-interval}, with its members, questions, answers,
 * grades and presented session; {@code remember-closed}: how long a closed or expired room's code still answers
 * 410 saying so (then 404).
 */
@ConfigurationProperties("driverlab.rooms")
public record RoomProperties(
        @DefaultValue("200") int maxRooms,
        @DefaultValue("250") int maxMembers,
        @DefaultValue("500") int maxQuestions,
        @DefaultValue("40") int maxName,
        @DefaultValue("45s") Duration connected,
        @DefaultValue("7d") Duration idle,
        @DefaultValue("1m") Duration sweepInterval,
        @DefaultValue("30d") Duration rememberClosed) {

    public RoomProperties {
        if (maxRooms < 1
                || maxMembers < 1
                || maxQuestions < 1
                || maxName < 1
                || connected.isNegative()
                || connected.isZero()
                || !positive(idle)
                || !positive(sweepInterval)
                || !positive(rememberClosed)) {
            throw new IllegalArgumentException("driverlab.rooms.max-rooms, max-members, max-questions, max-name, "
                    + "connected, idle, sweep-interval and remember-closed must be positive");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
