-- sessions, the event ledger and tickets; portable SQL for SQLite and PostgreSQL
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    locale TEXT NOT NULL,
    page_url TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX events_by_session ON events (session_id, created_at);
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('ticket', 1000);
CREATE TABLE tickets (
    number BIGINT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    reason TEXT NOT NULL,
    locale TEXT NOT NULL,
    page_url TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    label TEXT NOT NULL DEFAULT '',
    packet TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX tickets_by_status ON tickets (status, number);
