-- Whether a round's prize has been credited to its winner (the member entity acknowledged it).
ALTER TABLE raffle_rounds ADD COLUMN IF NOT EXISTS prize_credited BOOLEAN DEFAULT FALSE NOT NULL;
