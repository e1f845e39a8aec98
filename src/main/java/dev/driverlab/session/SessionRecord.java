package dev.driverlab.session;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A session as stored: its scenario spec and command history as JSON, so an evicted session, or any session after
 * a restart, is rebuilt by replaying rather than lost. The engine state is never stored: it is derived.
 */
@Table
class SessionRecord implements Persistable<String> {
    @Id
    private final String id;

    private final String spec;
    private final String history;
    private final Instant createdAt;
    private final Instant updatedAt;

    @Transient
    private final boolean fresh;

    @PersistenceCreator
    SessionRecord(String id, String spec, String history, Instant createdAt, Instant updatedAt) {
        this(id, spec, history, createdAt, updatedAt, false);
    }

    private SessionRecord(String id, String spec, String history, Instant createdAt, Instant updatedAt, boolean fresh) {
        this.id = id;
        this.spec = spec;
        this.history = history;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.fresh = fresh;
    }

    /** A record to insert (ids are assigned by us, so Spring Data cannot tell new from existing by a null id). */
    static SessionRecord created(String id, String spec, String history, Instant now) {
        return new SessionRecord(id, spec, history, now, now, true);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    String spec() {
        return spec;
    }

    String history() {
        return history;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
