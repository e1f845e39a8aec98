package dev.driverlab.room;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Stored rooms (Spring Data JDBC), and what is left of closed ones. Every delete here is conditional and says how
 * many rows it removed, so instances sharing the database may sweep at once: the one whose delete removed the room
 * announces it, the others find nothing left to do.
 */
interface Rooms extends ListCrudRepository<Room, String> {
    /** The code of the room presenting {@code session} (empty: none does). */
    @Query("SELECT code FROM room WHERE session_id = :session")
    Optional<String> codeOfSession(String session);

    /** Rooms active at or after {@code since}: what {@code max-rooms} counts. */
    @Query("SELECT COUNT(*) FROM room WHERE last_active >= :since")
    long countActiveSince(Instant since);

    /** Up to {@code limit} rooms idle since before {@code before}, the longest idle first. */
    @Query("SELECT * FROM room WHERE last_active < :before ORDER BY last_active, code LIMIT :limit")
    List<Room> idleSince(Instant before, int limit);

    /**
     * Marks the room active at {@code now} unless it already was since {@code after}: a class's burst of answers
     * writes the row once, not once per answer. How many rows changed (0: already recent, or no such room).
     */
    @Modifying
    @Query("UPDATE room SET last_active = :now WHERE code = :code AND last_active < :after")
    int touch(String code, Instant now, Instant after);

    /** Deletes the room if it is still idle since before {@code before}; 1 if this call deleted it. */
    @Modifying
    @Query("DELETE FROM room WHERE code = :code AND last_active < :before")
    int deleteIdle(String code, Instant before);

    /** Deletes the room whatever its activity (its teacher closes it); 1 if this call deleted it. */
    @Modifying
    @Query("DELETE FROM room WHERE code = :code")
    int deleteRoom(String code);

    @Modifying
    @Query("INSERT INTO room_closed (code, reason, closed_at) VALUES (:code, :reason, :at)")
    int remember(String code, String reason, Instant at);

    /** Why the room {@code code} is gone ({@code closed} or {@code expired}); empty if there never was one. */
    @Query("SELECT reason FROM room_closed WHERE code = :code")
    Optional<String> closedReason(String code);

    @Modifying
    @Query("DELETE FROM room_closed WHERE closed_at < :before")
    int forgetClosedSince(Instant before);

    /** The answers to room {@code code}'s questions; then its questions, its members. */
    @Modifying
    @Query("DELETE FROM room_answer WHERE question_id IN (SELECT q.id FROM room_question q WHERE q.room_code = :code)")
    int deleteAnswersOf(String code);

    @Modifying
    @Query("DELETE FROM room_question WHERE room_code = :code")
    int deleteQuestionsOf(String code);

    @Modifying
    @Query("DELETE FROM room_member WHERE room_code = :code")
    int deleteMembersOf(String code);

    /**
     * What a room deleted without its children left behind (an instance stopped between the two, or a member
     * joined as the room went): answers, questions and members whose room is gone.
     */
    @Modifying
    @Query("DELETE FROM room_answer WHERE question_id NOT IN (SELECT q.id FROM room_question q"
            + " WHERE q.room_code IN (SELECT r.code FROM room r))")
    int deleteOrphanAnswers();

    @Modifying
    @Query("DELETE FROM room_question WHERE room_code NOT IN (SELECT r.code FROM room r)")
    int deleteOrphanQuestions();

    @Modifying
    @Query("DELETE FROM room_member WHERE room_code NOT IN (SELECT r.code FROM room r)")
    int deleteOrphanMembers();
}
