-- Event and snapshot payloads as VARBINARY, not BLOB: H2 keeps every BLOB as a separate large object, which
-- made each journal insert and each projection read cost a LOB round trip (about 0.5 ms a row).
ALTER TABLE PUBLIC."event_journal" ALTER COLUMN "event_payload" SET DATA TYPE VARBINARY;
ALTER TABLE PUBLIC."event_journal" ALTER COLUMN "meta_payload" SET DATA TYPE VARBINARY;
ALTER TABLE PUBLIC."snapshot" ALTER COLUMN "snapshot_payload" SET DATA TYPE VARBINARY;
ALTER TABLE PUBLIC."snapshot" ALTER COLUMN "meta_payload" SET DATA TYPE VARBINARY;
