-- The public ledger: entries in order (their canonical bytes and hash), the head that the next entry links
-- to (with the compact Merkle frontier of all entries so far), the period roots with their signed tree heads,
-- and the aggregates of the open periods (one row per writer: the slice is the projection instance's tag).
CREATE TABLE IF NOT EXISTS ledger_entries (
    seq BIGINT PRIMARY KEY,
    kind VARCHAR(40) NOT NULL,
    account VARCHAR(90),
    body VARCHAR(1000000) NOT NULL,
    hash VARCHAR(64) NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_entries_account_idx ON ledger_entries (account, seq);
CREATE INDEX IF NOT EXISTS ledger_entries_kind_idx ON ledger_entries (kind, seq);
CREATE TABLE IF NOT EXISTS ledger_head (
    id INTEGER PRIMARY KEY,
    next_seq BIGINT NOT NULL,
    last_hash VARCHAR(64) NOT NULL,
    frontier VARCHAR(5000) NOT NULL,
    roots BIGINT NOT NULL,
    root_from_seq BIGINT NOT NULL,
    period_from BIGINT NOT NULL
);
INSERT INTO ledger_head (id, next_seq, last_hash, frontier, roots, root_from_seq, period_from)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '', 0, 0, 0);
CREATE TABLE IF NOT EXISTS ledger_roots (
    idx BIGINT PRIMARY KEY,
    period_start BIGINT NOT NULL,
    period_end BIGINT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    root VARCHAR(64) NOT NULL,
    tree_size BIGINT NOT NULL,
    tree_root VARCHAR(64) NOT NULL,
    checkpoint VARCHAR(2000) NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_pending (
    slice VARCHAR(40) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    subject VARCHAR(200) NOT NULL,
    period_start BIGINT NOT NULL,
    account VARCHAR(90) NOT NULL,
    worker VARCHAR(64) NOT NULL,
    shares BIGINT NOT NULL,
    difficulty NUMERIC(80, 40) NOT NULL,
    member_msat BIGINT NOT NULL,
    project_fund_msat BIGINT NOT NULL,
    raffle_pot_msat BIGINT NOT NULL,
    reserve_msat BIGINT NOT NULL,
    pool_fee_msat BIGINT NOT NULL,
    PRIMARY KEY (slice, kind, subject, period_start)
);
