-- Which cluster writes to this database: one row, taken by the first node of a cluster and kept by its
-- heartbeat; a node of another cluster finds it held and stops start-up. Expired, it may be taken again.
CREATE TABLE IF NOT EXISTS database_lease (
    id INTEGER PRIMARY KEY,
    holder VARCHAR(200) NOT NULL,
    cluster_id VARCHAR(64) NOT NULL,
    taken_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
