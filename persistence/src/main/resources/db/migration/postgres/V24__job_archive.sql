-- The cluster job source's jobs with their transactions (see JdbcJobArchive): a source that takes over on
-- another node puts together a block found on a job its predecessor made.
CREATE TABLE IF NOT EXISTS job_archive (
    job_id VARCHAR(16) PRIMARY KEY,
    made_at BIGINT NOT NULL,
    job BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS job_archive_made_at ON job_archive (made_at);
