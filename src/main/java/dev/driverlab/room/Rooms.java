package dev.driverlab.room;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Stored rooms (Spring Data JDBC). */
interface Rooms extends ListCrudRepository<Room, String> {
    /** The code of the room presenting {@code session} (empty: none does). */
    @Query("SELECT code FROM room WHERE session_id = :session")
    Optional<String> codeOfSession(String session);
}
