-- A meeting's agenda (issue 13): items in order, each handling an application, a plan version,
-- an insats's reports, or something else by its title.
CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    ref_id BIGINT,
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX agenda_items_by_meeting ON agenda_items (association_id, meeting_id, position);
