-- the outbox: each row is one delivery of a new ticket to the webhook or by e-mail, retried until
-- it is delivered or given up (failed rows are kept so an agent can requeue them).
-- Times are ISO-8601 UTC text in one fixed format, so comparing them as text compares the times.
-- id is a random hex id, not a sequence, so the same SQL works on SQLite and PostgreSQL.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    ticket_number BIGINT NOT NULL REFERENCES tickets (number),
    channel TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    delivered_at TEXT
);
-- what a worker looks for: pending rows that are due
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_ticket ON outbox (ticket_number);
