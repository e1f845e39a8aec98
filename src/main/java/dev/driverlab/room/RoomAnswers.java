package dev.driverlab.room;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Answers (Spring Data JDBC). */
interface RoomAnswers extends ListCrudRepository<RoomAnswer, String> {
    @Query("SELECT * FROM room_answer WHERE question_id = :question ORDER BY answered_at, id")
    List<RoomAnswer> findByQuestion(String question);
}
