-- Rounds whose project vote the ledger has tallied (seq of the tally entry; -1: no proposals), so a round's
-- vote is counted exactly once, and whether every project of the tally has acknowledged its result.
CREATE TABLE IF NOT EXISTS project_tallies (
    round_id VARCHAR(40) PRIMARY KEY,
    tally_seq BIGINT NOT NULL,
    acknowledged BOOLEAN DEFAULT FALSE NOT NULL
);
-- The projects as members read them, from the project entities' events.
CREATE TABLE IF NOT EXISTS projects (
    id VARCHAR(40) PRIMARY KEY,
    round_id VARCHAR(40) NOT NULL,
    author VARCHAR(90) NOT NULL,
    title VARCHAR(200) NOT NULL,
    description VARCHAR(8000) NOT NULL,
    amount_msat BIGINT NOT NULL,
    recipient VARCHAR(400) NOT NULL,
    status VARCHAR(20) NOT NULL,
    proposed_at BIGINT NOT NULL,
    votes_for VARCHAR(100) DEFAULT '0' NOT NULL,
    votes_against VARCHAR(100) DEFAULT '0' NOT NULL,
    voters INT DEFAULT 0 NOT NULL,
    tally_rank INT DEFAULT 0 NOT NULL,
    payment_hash VARCHAR(64),
    preimage VARCHAR(64),
    fee_msat BIGINT DEFAULT 0 NOT NULL,
    paid_at BIGINT DEFAULT 0 NOT NULL
);
CREATE INDEX IF NOT EXISTS projects_round_idx ON projects (round_id, proposed_at);
CREATE TABLE IF NOT EXISTS project_comments (
    project_id VARCHAR(40) NOT NULL,
    seq BIGINT NOT NULL,
    account VARCHAR(90) NOT NULL,
    body VARCHAR(4000) NOT NULL,
    at_millis BIGINT NOT NULL,
    PRIMARY KEY (project_id, seq)
);
CREATE TABLE IF NOT EXISTS project_votes (
    project_id VARCHAR(40) NOT NULL,
    account VARCHAR(90) NOT NULL,
    in_favour BOOLEAN NOT NULL,
    at_millis BIGINT NOT NULL,
    PRIMARY KEY (project_id, account)
);
