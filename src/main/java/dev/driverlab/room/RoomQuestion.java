package dev.driverlab.room;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A question asked in a room at a step: its kind, prompt and choices (JSON list; empty for free text). */
@Table
public record RoomQuestion(
        @Id String id,
        String roomCode,
        long step,
        String kind,
        String prompt,
        String choices,
        Instant askedAt,
        @Version Long version) {}
