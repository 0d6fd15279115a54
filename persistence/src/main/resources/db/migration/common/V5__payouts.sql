-- Payout state of members, and every payout with its payment hash and, once settled, its preimage.
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS reserved_msat BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS paid_msat BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS fees_msat BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS destination VARCHAR(200);
CREATE TABLE IF NOT EXISTS payouts (
    payment_hash VARCHAR(64) PRIMARY KEY,
    account VARCHAR(90) NOT NULL,
    destination VARCHAR(200) NOT NULL,
    amount_msat BIGINT NOT NULL,
    fee_msat BIGINT,
    status VARCHAR(16) NOT NULL,
    preimage VARCHAR(64),
    reason VARCHAR(300),
    requested_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX IF NOT EXISTS payouts_account_idx ON payouts (account);
