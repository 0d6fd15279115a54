-- Rounds whose raffle tickets the ledger has committed (seq of the commitment entry; -1: no tickets), so
-- a round closes exactly once, also when nodes of a cluster seal at the same time.
CREATE TABLE IF NOT EXISTS raffle_rounds (
    round_id VARCHAR(40) PRIMARY KEY,
    commitment_seq BIGINT NOT NULL
);
