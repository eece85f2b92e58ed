-- help-center searches and clicks on their results: a ledger of their own, not conversations.
-- visit_id is an anonymous random id the help pages carry in their links (or an API caller passes);
-- kind is 'search' or 'search_click' (askdesk.core.records.SEARCH_RECORDS), payload its JSON.
CREATE TABLE search_events (
    id TEXT PRIMARY KEY,
    visit_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX search_events_by_created ON search_events (created_at);
CREATE INDEX search_events_by_visit ON search_events (visit_id, created_at)
