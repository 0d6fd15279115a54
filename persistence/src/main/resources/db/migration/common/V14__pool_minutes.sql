-- The pool's work per minute (its hash rate over the last hour), so the summary that every live page and
-- the API read each second sums a few hundred rows, not one row per device and minute. One slice per
-- projection instance, as in pool_periods. The hour already in device_minutes is carried over to the
-- first slice, whose instance prunes it as it ages.
CREATE TABLE IF NOT EXISTS pool_minutes (
    slice VARCHAR(40) NOT NULL,
    at_minute BIGINT NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (slice, at_minute)
);
CREATE INDEX IF NOT EXISTS pool_minutes_minute_idx ON pool_minutes (at_minute);
INSERT INTO pool_minutes (slice, at_minute, difficulty)
    SELECT 'device-0', at_minute, SUM(difficulty) FROM device_minutes GROUP BY at_minute;
