package dev.driverlab.room;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Questions asked in rooms (Spring Data JDBC). */
interface RoomQuestions extends ListCrudRepository<RoomQuestion, String> {
    @Query("SELECT * FROM room_question WHERE room_code = :code ORDER BY asked_at DESC, id LIMIT 1")
    List<RoomQuestion> latest(String code);

    @Query("SELECT COUNT(*) FROM room_question WHERE room_code = :code")
    int countByRoom(String code);
}
