-- Donations to the club's Lightning Address: every invoice handed out and what became of it. A received
-- donation is also in pool_funds ('project-fund').
CREATE TABLE IF NOT EXISTS donations (
    payment_hash VARCHAR(64) PRIMARY KEY,
    amount_msat BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    issued_at BIGINT NOT NULL,
    finished_at BIGINT
);
