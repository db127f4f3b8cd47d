-- SIE objects on the ledger (issue 13): each voucher row keeps its object list (dimension, tab,
-- code; the objects joined by newlines; empty when none), and each import the names of the
-- file's objects (#OBJEKT), so that an insats's object gives its cost as booked.
ALTER TABLE ledger_rows ADD COLUMN objects TEXT NOT NULL DEFAULT '';
CREATE TABLE ledger_objects (
    import_id BIGINT NOT NULL REFERENCES ledger_imports(id),
    dimension BIGINT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (import_id, dimension, code)
);
