-- Which devices are connected to which node, from the nodes' presence events (written in batches). A
-- node that starts again sets its rows to no connections. Online: connected here and heard from lately.
CREATE TABLE IF NOT EXISTS device_presence (
    node VARCHAR(32) NOT NULL,
    device_id VARCHAR(160) NOT NULL,
    account VARCHAR(90) NOT NULL,
    worker VARCHAR(64) NOT NULL,
    connections INTEGER NOT NULL,
    last_connected_at BIGINT NOT NULL,
    PRIMARY KEY (node, device_id)
);
CREATE INDEX IF NOT EXISTS device_presence_account_idx ON device_presence (account);
CREATE INDEX IF NOT EXISTS device_presence_device_idx ON device_presence (device_id);
