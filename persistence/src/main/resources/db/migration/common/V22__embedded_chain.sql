-- The embedded chain's accepted blocks: a restarted node goes on from its tip, and a raffle round
-- committed to a height finds that height's block whichever run mined it. One row per height: a second
-- block at a stored height is refused, so the chain cannot fork under its own store.
CREATE TABLE IF NOT EXISTS embedded_chain_blocks (
    height BIGINT PRIMARY KEY,
    hash VARCHAR(64) NOT NULL,
    bits INTEGER NOT NULL,
    accepted_at BIGINT NOT NULL
);
