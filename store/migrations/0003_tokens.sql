-- API and console tokens of agents and editors; only the SHA-256 hex digest of a token is stored
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'editor')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
-- a name stands for one active token, so `askdesk token revoke NAME` is unambiguous
CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL
