-- Room retention (issue 15): when a room last saw a teacher's or a student's action, so a periodic sweep deletes
-- rooms idle past driverlab.rooms.idle; rooms from before this migration count as active now. A closed or expired
-- room leaves a small record (its code, why, when) for driverlab.rooms.remember-closed, so its pages and API can
-- answer 410 with the reason rather than 404.

ALTER TABLE room ADD COLUMN last_active TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;

CREATE INDEX room_last_active ON room (last_active);

CREATE TABLE room_closed (
    code       VARCHAR(8)               NOT NULL PRIMARY KEY,
    reason     VARCHAR(16)              NOT NULL,
    closed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX room_closed_at ON room_closed (closed_at);
