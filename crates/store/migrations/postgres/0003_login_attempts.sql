-- Failed logins, counted: one row per (name, client address, time window) instead of one row
-- per attempt with the name as typed. Rows older than the throttle's memory are pruned by the
-- application (finsam-app's users module documents the period).
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    username TEXT NOT NULL,
    client TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL,
    PRIMARY KEY (username, client, window_start)
);
CREATE INDEX login_attempts_by_client ON login_attempts (client, window_start);
CREATE INDEX login_attempts_by_window ON login_attempts (window_start);

-- Expired sessions are deleted; this finds them.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
