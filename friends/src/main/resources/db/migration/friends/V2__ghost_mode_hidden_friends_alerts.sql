-- Issue 15, the privacy features (additions only; V1 is never edited).
-- sharing_until: a timed pause ("ghost mode"): with sharing FALSE, sharing resumes by itself at this time (ms since
--   the epoch, UTC); NULL when sharing is on or off until the user turns it back on. A number of milliseconds, as
--   everywhere in the protocol, so H2 and PostgreSQL store the very same value without time-zone conversions.
-- alert_meters: the proximity alert distance of the user (0 = off).
-- friend_adds.hidden: on the edge "from_id added to_id": from_id hides their location from to_id (the friendship is
--   unchanged; ending it deletes the edge, so a new friendship starts visible).
ALTER TABLE users ADD COLUMN sharing_until BIGINT;
ALTER TABLE users ADD COLUMN alert_meters INTEGER NOT NULL DEFAULT 0;
ALTER TABLE friend_adds ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE;
