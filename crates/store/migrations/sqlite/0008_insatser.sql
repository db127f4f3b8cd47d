-- Insatser and applications (issue 12). An insatsägare acts for one member of the förbund: the
-- role carries the member's key (as the plan names it).
ALTER TABLE roles ADD COLUMN member_key TEXT;

-- An insats as JSON in core's vocabulary (`finsam_core::insats::Insats`), with the columns a
-- list is read by.
CREATE TABLE insatser (
    id INTEGER PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    owner_key TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    row_version BIGINT NOT NULL
);
CREATE INDEX insatser_by_owner ON insatser (association_id, owner_key);

-- An application for an insats: its case number, its history as JSON (`workflow::Case`), and
-- the columns the lists and deadline tables are read by.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    insats_id BIGINT NOT NULL REFERENCES insatser(id),
    case_number TEXT NOT NULL,
    owner_key TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    state TEXT NOT NULL,
    answered_on TEXT,
    decided_on TEXT,
    agreed_on TEXT,
    history TEXT NOT NULL,
    continuation TEXT,
    row_version BIGINT NOT NULL,
    UNIQUE (association_id, case_number)
);
CREATE INDEX applications_by_state ON applications (association_id, state, submitted_on);
CREATE INDEX applications_by_owner ON applications (association_id, owner_key);

-- Files sent with an application (PDF or office files, checked and size-limited before).
CREATE TABLE application_files (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    size BIGINT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id)
);
CREATE INDEX application_files_by_application ON application_files (application_id);
