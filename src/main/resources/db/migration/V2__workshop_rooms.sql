-- Workshop rooms (issue 15): a room presents one session to its members; questions asked at a step and the
-- members' answers; each member's latest exercise grade. Tokens are stored as SHA-256 hashes.

CREATE TABLE room (
    code          VARCHAR(8)               NOT NULL PRIMARY KEY,
    teacher_hash  VARCHAR(64)              NOT NULL,
    scenario      VARCHAR(64)              NOT NULL,
    exercise      VARCHAR(64),
    session_id    VARCHAR(32)              NOT NULL,
    recall        INTEGER                  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT                   NOT NULL
);

CREATE TABLE room_member (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    room_code     VARCHAR(8)               NOT NULL,
    name          VARCHAR(64)              NOT NULL,
    token_hash    VARCHAR(64)              NOT NULL,
    fork_session  VARCHAR(32),
    fork_step     BIGINT,
    grade         TEXT,
    last_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    joined_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT                   NOT NULL
);

CREATE INDEX room_member_room ON room_member (room_code);

CREATE TABLE room_question (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    room_code     VARCHAR(8)               NOT NULL,
    step          BIGINT                   NOT NULL,
    kind          VARCHAR(32)              NOT NULL,
    prompt        VARCHAR(512)             NOT NULL,
    choices       TEXT                     NOT NULL,
    asked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT                   NOT NULL
);

CREATE INDEX room_question_room ON room_question (room_code);

CREATE TABLE room_answer (
    id            VARCHAR(72)              NOT NULL PRIMARY KEY,
    question_id   VARCHAR(32)              NOT NULL,
    member_id     VARCHAR(32)              NOT NULL,
    answer        VARCHAR(512)             NOT NULL,
    answered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT                   NOT NULL
);

CREATE INDEX room_answer_question ON room_answer (question_id);
