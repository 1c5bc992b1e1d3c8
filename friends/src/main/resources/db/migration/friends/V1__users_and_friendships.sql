-- Users and their two opt-ins, and friendships as directed "adds": a friendship is both directions present.
-- The same SQL runs on PostgreSQL and on H2 in MODE=PostgreSQL with DATABASE_TO_LOWER=TRUE.
-- Text limits are enforced by the application in code points (name 100, avatar URL 2048); the columns leave
-- room for twice that because H2 counts UTF-16 units.

CREATE TABLE users (
    id           VARCHAR(64)              NOT NULL PRIMARY KEY,
    name         VARCHAR(200)             NOT NULL,
    avatar_url   VARCHAR(4096)            NOT NULL DEFAULT '',
    sharing      BOOLEAN                  NOT NULL DEFAULT FALSE,
    discoverable BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- from_id added to_id. The primary key serves "whom did I add" and the reverse-edge probe of the self-join.
CREATE TABLE friend_adds (
    from_id    VARCHAR(64)              NOT NULL REFERENCES users (id),
    to_id      VARCHAR(64)              NOT NULL REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT friend_adds_pk PRIMARY KEY (from_id, to_id),
    CONSTRAINT friend_adds_not_self CHECK (from_id <> to_id)
);

-- "who added me": incoming requests and the reverse side of friendships.
CREATE INDEX friend_adds_incoming ON friend_adds (to_id, from_id);
