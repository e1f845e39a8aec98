-- Sessions and share links. Only what replays a state is stored (scenario spec + command history, as JSON text):
-- the engine is deterministic, so the kernel state itself is always derived. Portable between H2 and PostgreSQL.

CREATE TABLE session_record (
    id         VARCHAR(32)              NOT NULL PRIMARY KEY,
    spec       TEXT                     NOT NULL,
    history    TEXT                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX session_record_updated_at ON session_record (updated_at);

CREATE TABLE share (
    id         VARCHAR(16)              NOT NULL PRIMARY KEY,
    spec       TEXT                     NOT NULL,
    history    TEXT                     NOT NULL,
    step       BIGINT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
