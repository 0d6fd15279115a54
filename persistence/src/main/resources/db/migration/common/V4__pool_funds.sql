-- What the accrual split set aside besides members' parts, all time, per fund. One row per fund from the
-- start, so the projections of every tag only ever update.
CREATE TABLE IF NOT EXISTS pool_funds (
    fund VARCHAR(32) PRIMARY KEY,
    msat BIGINT NOT NULL
);
INSERT INTO pool_funds (fund, msat) VALUES ('project-fund', 0);
INSERT INTO pool_funds (fund, msat) VALUES ('raffle-pot', 0);
INSERT INTO pool_funds (fund, msat) VALUES ('reserve', 0);
INSERT INTO pool_funds (fund, msat) VALUES ('pool-fee', 0);
