package dev.driverlab.room;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A workshop room: its code, the hash of the teacher's token, the scenario (and exercise) it teaches, the session it
 * presents, how many times the teacher brought everyone back ({@code recall}) and when a teacher or a student last
 * did something in it ({@code lastActive}: the retention sweep deletes rooms idle past {@code driverlab.rooms.idle}).
 * New while {@code version} is null.
 */
@Table
public record Room(
        @Id String code,
        String teacherHash,
        String scenario,
        String exercise,
        String sessionId,
        int recall,
        Instant createdAt,
        Instant lastActive,
        @Version Long version) {
    Room recalled(Instant now) {
        return new Room(code, teacherHash, scenario, exercise, sessionId, recall + 1, createdAt, now, version);
    }
}
