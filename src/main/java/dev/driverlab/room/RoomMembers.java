package dev.driverlab.room;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Members of rooms (Spring Data JDBC). */
interface RoomMembers extends ListCrudRepository<RoomMember, String> {
    @Query("SELECT * FROM room_member WHERE room_code = :code ORDER BY joined_at, id")
    List<RoomMember> findByRoom(String code);

    @Query("SELECT COUNT(*) FROM room_member WHERE room_code = :code")
    int countByRoom(String code);
}
