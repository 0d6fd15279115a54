-- History the web app draws: ten-minute work of the pool and of each device (charts of the last day), each
-- device's work and best share per month (high scores), the funds' parts per month (the funding goal),
-- each account's credits per day, and which firmware each device runs (from its subscribe). Month and day
-- are UTC. Rows written by several projection instances carry the instance's tag as slice, so each row
-- still has one writer; readers sum over slices.
CREATE TABLE IF NOT EXISTS pool_periods (
    slice VARCHAR(40) NOT NULL,
    at_period BIGINT NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    shares BIGINT NOT NULL,
    PRIMARY KEY (slice, at_period)
);
CREATE INDEX IF NOT EXISTS pool_periods_period_idx ON pool_periods (at_period);
CREATE TABLE IF NOT EXISTS device_periods (
    device_id VARCHAR(160) NOT NULL,
    account VARCHAR(90) NOT NULL,
    at_period BIGINT NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (device_id, at_period)
);
CREATE INDEX IF NOT EXISTS device_periods_account_idx ON device_periods (account, at_period);
CREATE TABLE IF NOT EXISTS device_months (
    at_month VARCHAR(7) NOT NULL,
    device_id VARCHAR(160) NOT NULL,
    account VARCHAR(90) NOT NULL,
    worker VARCHAR(64) NOT NULL,
    shares BIGINT NOT NULL,
    difficulty_sum DOUBLE PRECISION NOT NULL,
    best_difficulty DOUBLE PRECISION NOT NULL,
    best_at BIGINT NOT NULL,
    PRIMARY KEY (at_month, device_id)
);
CREATE INDEX IF NOT EXISTS device_months_best_idx ON device_months (at_month, best_difficulty);
CREATE INDEX IF NOT EXISTS device_months_account_idx ON device_months (at_month, account);
ALTER TABLE device_stats ADD COLUMN IF NOT EXISTS best_at BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX IF NOT EXISTS device_stats_best_idx ON device_stats (best_difficulty);
CREATE TABLE IF NOT EXISTS fund_months (
    slice VARCHAR(40) NOT NULL,
    at_month VARCHAR(7) NOT NULL,
    fund VARCHAR(32) NOT NULL,
    msat BIGINT NOT NULL,
    PRIMARY KEY (slice, at_month, fund)
);
CREATE TABLE IF NOT EXISTS member_days (
    account VARCHAR(90) NOT NULL,
    at_day BIGINT NOT NULL,
    msat BIGINT NOT NULL,
    PRIMARY KEY (account, at_day)
);
ALTER TABLE device_presence ADD COLUMN IF NOT EXISTS user_agent VARCHAR(100);
