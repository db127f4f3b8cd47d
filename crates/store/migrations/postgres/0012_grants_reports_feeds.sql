-- The year around the insatser (issue 13).

-- Money paid out against a grant: requested, approved and paid, each on a day. Adding one or
-- moving it on raises the application's row version in the same transaction, so two people
-- cannot together pay out more than is granted.
CREATE TABLE disbursements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    application_id BIGINT NOT NULL REFERENCES applications(id),
    requested_on TEXT NOT NULL,
    amount BIGINT NOT NULL,
    approved_on TEXT,
    paid_on TEXT,
    note TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX disbursements_by_application ON disbursements (association_id, application_id);

-- A report an insats owes, received on a day: by the kind's name and the last day of the
-- period it covers (the schedule itself is computed from the decision and the settings).
CREATE TABLE report_receipts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    application_id BIGINT NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    period_end TEXT NOT NULL,
    received_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (application_id, kind, period_end)
);
CREATE INDEX report_receipts_by_association ON report_receipts (association_id);

-- A calendar program's secret address for one user's view of one förbund's year. Only the
-- SHA-256 of the secret is kept; a revoked feed keeps its row for the audit log.
CREATE TABLE calendar_feeds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id, association_id);
