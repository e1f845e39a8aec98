-- Secrets the server keeps across restarts: 'session-owner' signs the owner capability of a session (see
-- web/api/SessionOwners), so the browser that created a session can still rewind it after a restart.

CREATE TABLE server_secret (
    name   VARCHAR(32)  NOT NULL PRIMARY KEY,
    secret VARCHAR(128) NOT NULL
);
