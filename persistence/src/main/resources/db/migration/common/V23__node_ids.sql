-- Which node of the cluster holds which node id (its extranonce1 prefix, and the name of its pool-stats and
-- block-reward journals): one row per id, so two live nodes can never hold the same one. A node renews its
-- row with the database lease's heartbeat; a row not renewed expires and its id may be taken again.
CREATE TABLE IF NOT EXISTS node_ids (
    id INTEGER PRIMARY KEY,
    holder VARCHAR(200) NOT NULL,
    taken_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
