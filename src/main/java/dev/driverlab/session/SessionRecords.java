package dev.driverlab.session;

import java.time.Instant;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Stored sessions (Spring Data JDBC). */
interface SessionRecords extends ListCrudRepository<SessionRecord, String> {

    @Modifying
    @Query("DELETE FROM session_record WHERE updated_at < :before")
    int deleteIdleSince(Instant before);
}
