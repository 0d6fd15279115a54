-- Members' alert settings and the alerts raised for them, and each account's watcher link (its hash only).
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS alert_silent_minutes INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS alert_best_share BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS alert_webhook VARCHAR(500);
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS watcher_hash VARCHAR(64);
CREATE INDEX IF NOT EXISTS member_accounts_watcher_idx ON member_accounts (watcher_hash);
CREATE TABLE IF NOT EXISTS member_alerts (
    account VARCHAR(90) NOT NULL,
    raised_at BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    kind VARCHAR(20) NOT NULL,
    worker VARCHAR(64) NOT NULL,
    alert_value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (account, raised_at, seq)
);
