-- where a session came from: 'live' (customers) or 'demo' (generated demo traffic, removable)
ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'live';
CREATE INDEX sessions_by_created ON sessions (created_at);
CREATE INDEX events_by_created ON events (created_at)
