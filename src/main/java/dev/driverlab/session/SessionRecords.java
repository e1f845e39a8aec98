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

    /** Replaces the record's history; how many records it changed (0: none, e.g. purged meanwhile). */
    @Modifying
    @Query("UPDATE session_record SET history = :history, updated_at = :at WHERE id = :id")
    int updateHistory(String id, String history, Instant at);

    @Modifying
    @Query("DELETE FROM session_record WHERE updated_at < :before")
    int deleteIdleSince(Instant before);
}
