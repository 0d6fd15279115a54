-- The seq of each round's draw entry, once drawn (empty until the deciding block has its confirmations).
ALTER TABLE raffle_rounds ADD COLUMN IF NOT EXISTS drawn_seq BIGINT;
