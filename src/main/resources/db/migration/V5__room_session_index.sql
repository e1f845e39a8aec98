-- Which room presents a session: asked by every instance the first time it pushes a session's step (a room may
-- have been created by another instance sharing the database).

CREATE INDEX room_session ON room (session_id);
