-- Participants and goals (issue 14): an insats's participant report for one period of its
-- report schedule (the kind's name and the period's first and last day). The figures are
-- counts by gender and category as JSON (core's ParticipantReport), never people. The state is
-- utkast, inskickad, atersand (with the kansli's comment) or godkand; the row version guards
-- every change.
CREATE TABLE participant_reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

-- The activity log: a day, a kind (studiebesok, workshop, information, kunskap, natverk,
-- annat), the insats's application or none for the förbund's own, and a sentence.
CREATE TABLE activities (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    application_id BIGINT REFERENCES applications(id),
    happened_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX activities_by_association ON activities (association_id, happened_on);

-- An insats's staffing: from a day, a role has this many full-time equivalents (hundredths),
-- until a later entry for the same role.
CREATE TABLE staffing (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    application_id BIGINT NOT NULL REFERENCES applications(id),
    from_day TEXT NOT NULL,
    role TEXT NOT NULL,
    fte BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX staffing_by_application ON staffing (association_id, application_id);

-- A structural insats's indicator with its years (core's participants::indicator::Indicator
-- as JSON).
CREATE TABLE indicators (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    application_id BIGINT NOT NULL REFERENCES applications(id),
    indicator TEXT NOT NULL,
    row_version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX indicators_by_association ON indicators (association_id, application_id);
