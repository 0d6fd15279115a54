-- OpenTimestamps proofs of the ledger's period roots (the detached .ots file, hex), when calendars are configured.
CREATE TABLE IF NOT EXISTS ledger_ots (
    root_index BIGINT PRIMARY KEY,
    ots VARCHAR(40000) NOT NULL
);
