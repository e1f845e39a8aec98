package dev.driverlab.web.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driverlab.room.RoomService;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A workshop room on the wire ({@code GET /api/rooms/{code}}): what anyone with the code sees (the scenario and
 * exercise it presents, its join {@code url}, the push {@code topic}, the {@code recall} count, the current
 * {@code question} and the server's {@code limits}); the teacher also gets the {@code sessionId} and the
 * {@code members}; {@code expiresAt}: when the room is deleted unless someone acts in it before (each action moves
 * it on). Absent parts are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomDto(
        String code,
        String scenario,
        String exercise,
        String url,
        String topic,
        long recall,
        QuestionDto question,
        String sessionId,
        List<MemberDto> members,
        LimitsDto limits,
        Instant expiresAt) {

    /** One member as the teacher sees them: connected now, forked (at which step), the last exercise grade. */
    public record MemberDto(String id, String name, boolean connected, boolean forked, Long forkStep, Object grade) {
        public static MemberDto of(RoomService.MemberView m) {
            return new MemberDto(m.id(), m.name(), m.connected(), m.forked(), m.forkStep(), m.grade());
        }
    }

    /**
     * A question asked at the presented {@code step}: its {@code kind}, {@code prompt} and {@code choices}; for the
     * teacher the {@code tally} per choice and the free-text answers ({@code texts}); how many have answered.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuestionDto(
            String id,
            long step,
            String kind,
            String prompt,
            List<String> choices,
            Map<String, Integer> tally,
            List<String> texts,
            int answered) {
        public static QuestionDto of(RoomService.QuestionView q) {
            return q == null
                    ? null
                    : new QuestionDto(
                            q.id(), q.step(), q.kind(), q.prompt(), q.choices(), q.tally(), q.texts(), q.answered());
        }
    }

    /**
     * What the server allows: rooms, members and questions per room, a name's and an answer's length, and how long
     * a room may stay idle before it is deleted.
     */
    public record LimitsDto(
            int rooms, int membersPerRoom, int questionsPerRoom, int nameLength, int answerLength, long idleSeconds) {
        public static LimitsDto of(RoomService.Limits l) {
            return new LimitsDto(
                    l.rooms(),
                    l.membersPerRoom(),
                    l.questionsPerRoom(),
                    l.nameLength(),
                    l.answerLength(),
                    l.idleSeconds());
        }
    }
}
