-- Read models the projections keep and the API reads. Same layout on both databases.
CREATE TABLE IF NOT EXISTS device_stats (
    device_id VARCHAR(160) PRIMARY KEY,
    account VARCHAR(90) NOT NULL,
    worker VARCHAR(64) NOT NULL,
    shares BIGINT NOT NULL,
    difficulty_sum DOUBLE PRECISION NOT NULL,
    accrued_msat BIGINT NOT NULL,
    best_difficulty DOUBLE PRECISION NOT NULL,
    last_share_at BIGINT NOT NULL,
    connections INTEGER NOT NULL,
    last_connected_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS device_stats_account_idx ON device_stats (account);
CREATE TABLE IF NOT EXISTS device_minutes (
    device_id VARCHAR(160) NOT NULL,
    account VARCHAR(90) NOT NULL,
    at_minute BIGINT NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (device_id, at_minute)
);
CREATE INDEX IF NOT EXISTS device_minutes_minute_idx ON device_minutes (at_minute);
CREATE TABLE IF NOT EXISTS member_accounts (
    account VARCHAR(90) PRIMARY KEY,
    balance_msat BIGINT NOT NULL,
    credited_msat BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS pool_rejections (
    node VARCHAR(32) NOT NULL,
    reason VARCHAR(40) NOT NULL,
    shares BIGINT NOT NULL,
    PRIMARY KEY (node, reason)
);
CREATE TABLE IF NOT EXISTS blocks (
    hash VARCHAR(64) PRIMARY KEY,
    height BIGINT NOT NULL,
    finder VARCHAR(160) NOT NULL,
    accepted BOOLEAN NOT NULL,
    reason VARCHAR(200),
    found_at BIGINT NOT NULL
);
