package dev.driverlab.room;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A workshop room: its code, the hash of the teacher's token, the scenario (and exercise) it teaches, the session it
 * presents, and how many times the teacher brought everyone back ({@code recall}). New while {@code version} is null.
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
        @Version Long version) {
    Room withRecall(int r) {
        return new Room(code, teacherHash, scenario, exercise, sessionId, r, createdAt, version);
    }
}
