-- Participants and goals (issue 14): an insats's participant report for one period of its
-- report schedule (the kind's name and the period's first and last day). The figures are
-- counts by gender and category as JSON (core's ParticipantReport), never people. The state is
-- utkast, inskickad, atersand (with the kansli's comment) or godkand; the row version guards
-- every change.
CREATE TABLE participant_reports (
    id INTEGER PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    application_id BIGINT NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    figures TEXT NOT NULL,
    state TEXT NOT NULL,
    comment TEXT,
    row_version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (application_id, kind, period_end)
);
CREATE INDEX participant_reports_by_association ON participant_reports (association_id, application_id);

-- An insats's targets for its participants (yearly counts, rates in whole per cent) as JSON
-- (core's participants::rates::Targets), one row per insats.
CREATE TABLE participant_targets (
    application_id BIGINT PRIMARY KEY REFERENCES applications(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    targets TEXT NOT NULL,
    row_version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX participant_targets_by_association ON participant_targets (association_id);
