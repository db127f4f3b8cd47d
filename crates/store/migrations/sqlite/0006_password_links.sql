-- One-time links to set a password: made by a förbundschef for a user of the förbund (a new
-- user, or one who forgot the password), shown once to the förbundschef, who hands it over.
-- Only the SHA-256 of the link's token is kept; a link works once, and only until it expires.
CREATE TABLE password_links (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    association_id BIGINT NOT NULL REFERENCES associations(id),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_links_by_user ON password_links (user_id);
