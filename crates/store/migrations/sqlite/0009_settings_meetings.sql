-- The förbund's settings for insatser and applications (issue 12), as JSON in core's words
-- (`finsam_core::insats::settings::Settings`); a förbund without a row has the defaults.
CREATE TABLE association_settings (
    association_id BIGINT PRIMARY KEY REFERENCES associations(id),
    document TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    row_version BIGINT NOT NULL
);

-- The board's meetings: a day, a kind, a note. One meeting a day per förbund: a decision
-- taken by the board on a day is a decision of that day's meeting, under its paragraph.
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT,
    created_at BIGINT NOT NULL,
    row_version BIGINT NOT NULL,
    UNIQUE (association_id, held_on)
);
