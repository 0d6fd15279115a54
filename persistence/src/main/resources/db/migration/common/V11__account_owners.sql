-- The wallet (LNURL-auth linking key) that claimed each account, so a member's pages find their accounts.
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS owner_key VARCHAR(66);
ALTER TABLE member_accounts ADD COLUMN IF NOT EXISTS claimed_at BIGINT;
CREATE INDEX IF NOT EXISTS member_accounts_owner_idx ON member_accounts (owner_key);
