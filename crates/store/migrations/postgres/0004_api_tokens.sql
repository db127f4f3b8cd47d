-- API tokens for integrations: a script that uses the JSON API without a browser session.
-- Each token acts as a user of its own (no password, so it cannot log in) that has one role
-- in one förbund, so that the one policy decides for tokens as for people. Only the SHA-256
-- of the token is kept; a revoked token keeps its row for the audit log.
CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    name TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_by_association ON api_tokens (association_id);
