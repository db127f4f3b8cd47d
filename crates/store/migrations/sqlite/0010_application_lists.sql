-- The list of a förbund's applications reads its page from an index that holds every column it
-- shows, newest first, without touching the rows and their long histories (SQLite keeps a
-- row's columns in order, and the history stands before the row version).
CREATE INDEX applications_list ON applications
    (association_id, submitted_on, id, case_number, owner_key, state, row_version, insats_id);
DROP INDEX applications_by_owner;
CREATE INDEX applications_by_owner ON applications
    (association_id, owner_key, submitted_on, id, case_number, state, row_version, insats_id);
