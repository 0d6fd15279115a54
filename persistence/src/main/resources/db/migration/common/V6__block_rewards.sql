-- PPLNS: accepted shares in journal order (the journal's global ordering), kept while they may still
-- count in a window. Old rows are merged per account and hour (device '*').
CREATE TABLE IF NOT EXISTS pplns_work (
    ordering BIGINT PRIMARY KEY,
    device VARCHAR(160) NOT NULL,
    account VARCHAR(90) NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    height BIGINT NOT NULL,
    block BOOLEAN NOT NULL,
    accepted_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS pplns_work_accepted_idx ON pplns_work (accepted_at);
-- Found blocks divided under PPLNS or SOLO, and what each account got from each.
CREATE TABLE IF NOT EXISTS block_rewards (
    hash VARCHAR(64) PRIMARY KEY,
    height BIGINT NOT NULL,
    finder VARCHAR(160) NOT NULL,
    scheme VARCHAR(8) NOT NULL,
    value_msat BIGINT NOT NULL,
    work_window VARCHAR(120) NOT NULL,
    counted_difficulty VARCHAR(120) NOT NULL,
    undistributed_msat BIGINT NOT NULL,
    distributed_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS block_reward_credits (
    hash VARCHAR(64) NOT NULL,
    account VARCHAR(90) NOT NULL,
    accrual_msat BIGINT NOT NULL,
    member_msat BIGINT NOT NULL,
    PRIMARY KEY (hash, account)
);
CREATE INDEX IF NOT EXISTS block_reward_credits_account_idx ON block_reward_credits (account);
