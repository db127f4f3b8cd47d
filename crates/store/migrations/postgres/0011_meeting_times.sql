-- The year's meetings (issue 13): a start and an end time, and kinds besides the board's
-- (beredningsgrupp, medlemssamråd, planeringsdag). One meeting of a kind a day; that the board
-- meets once a day is the application's rule. The table is made anew: SQLite cannot drop the
-- unique key of a table's definition.
CREATE TABLE meetings_new (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT,
    starts_at TEXT,
    ends_at TEXT,
    created_at BIGINT NOT NULL,
    row_version BIGINT NOT NULL,
    UNIQUE (association_id, held_on, kind)
);
INSERT INTO meetings_new (association_id, held_on, kind, note, created_at, row_version)
    SELECT association_id, held_on, kind, note, created_at, row_version FROM meetings ORDER BY id;
DROP TABLE meetings;
ALTER TABLE meetings_new RENAME TO meetings;
