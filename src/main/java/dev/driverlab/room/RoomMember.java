package dev.driverlab.room;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A student in a room: display name, token hash, the fork they made (session and step), their latest grade. */
@Table
public record RoomMember(
        @Id String id,
        String roomCode,
        String name,
        String tokenHash,
        String forkSession,
        Long forkStep,
        String grade,
        Instant lastSeen,
        Instant joinedAt,
        @Version Long version) {
    RoomMember seen(Instant now) {
        return new RoomMember(id, roomCode, name, tokenHash, forkSession, forkStep, grade, now, joinedAt, version);
    }

    RoomMember forked(String session, Long step) {
        return new RoomMember(id, roomCode, name, tokenHash, session, step, grade, lastSeen, joinedAt, version);
    }

    RoomMember graded(String g) {
        return new RoomMember(id, roomCode, name, tokenHash, forkSession, forkStep, g, lastSeen, joinedAt, version);
    }
}
