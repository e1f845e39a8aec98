package dev.driverlab.share;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

/** A stored share link; immutable once written (there is no update path). */
@Table
class Share implements Persistable<String> {
    @Id
    private final String id;

    private final String spec;
    private final String history;
    private final Long step;
    private final Instant createdAt;

    @Transient
    private final boolean fresh;

    @PersistenceCreator
    Share(String id, String spec, String history, Long step, Instant createdAt) {
        this(id, spec, history, step, createdAt, false);
    }

    private Share(String id, String spec, String history, Long step, Instant createdAt, boolean fresh) {
        this.id = id;
        this.spec = spec;
        this.history = history;
        this.step = step;
        this.createdAt = createdAt;
        this.fresh = fresh;
    }

    static Share created(String id, String spec, String history, Long step, Instant now) {
        return new Share(id, spec, history, step, now, true);
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

    Long step() {
        return step;
    }

    Instant createdAt() {
        return createdAt;
    }
}
