package dev.driverlab.room;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** One member's answer to one question; {@code id} is question:member, so a second answer is a duplicate key. */
@Table
public record RoomAnswer(
        @Id String id,
        String questionId,
        String memberId,
        String answer,
        Instant answeredAt,
        @Version Long version) {}
