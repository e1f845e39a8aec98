package dev.driverlab.session;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Stored sessions (Spring Data JDBC). */
interface SessionRecords extends ListCrudRepository<SessionRecord, String> {

    /** When the record was last written, by any instance (empty: no such record). */
    @Query("SELECT updated_at FROM session_record WHERE id = :id")
    Optional<Instant> updatedAt(String id);

    @Modifying
    @Query("DELETE FROM session_record WHERE updated_at < :before")
    int deleteIdleSince(Instant before);
}
