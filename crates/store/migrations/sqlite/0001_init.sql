-- Finsam's first schema (SQLite). Every row that belongs to an association carries its id.
CREATE TABLE associations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    org_number TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE roles (
    user_id BIGINT NOT NULL REFERENCES users(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, association_id)
);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE plan_versions (
    id INTEGER PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    number BIGINT NOT NULL,
    status TEXT NOT NULL,
    based_on BIGINT REFERENCES plan_versions(id),
    document TEXT NOT NULL,
    row_version BIGINT NOT NULL,
    adopted_on TEXT,
    adopted_meeting TEXT,
    adopted_decision TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    association_id BIGINT REFERENCES associations(id),
    user_id BIGINT REFERENCES users(id),
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    summary TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_log_by_association ON audit_log (association_id, at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures (username, at);
