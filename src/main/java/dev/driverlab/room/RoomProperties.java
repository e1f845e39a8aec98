package dev.driverlab.room;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code driverlab.rooms.*}: the caps on workshop rooms. {@code max-rooms}: rooms the database holds (every instance
 * sharing it counts the same rooms; past it a new room is 422 {@code too-many-rooms}); {@code max-members}: students
 * who may join one room (then 422 {@code room-full}); {@code max-questions}: questions one room may ask (then 422
 * {@code too-many-questions}); {@code max-name}: a display name's length in characters; {@code connected}: how long a
 * member counts as connected after their page last said so.
 */
@ConfigurationProperties("driverlab.rooms")
public record RoomProperties(
        @DefaultValue("200") int maxRooms,
        @DefaultValue("250") int maxMembers,
        @DefaultValue("500") int maxQuestions,
        @DefaultValue("40") int maxName,
        @DefaultValue("45s") Duration connected) {

    public RoomProperties {
        if (maxRooms < 1
                || maxMembers < 1
                || maxQuestions < 1
                || maxName < 1
                || connected.isNegative()
                || connected.isZero()) {
            throw new IllegalArgumentException(
                    "driverlab.rooms.max-rooms, max-members, max-questions, max-name and connected must be positive");
        }
    }
}
