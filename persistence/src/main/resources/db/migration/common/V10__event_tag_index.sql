-- Events by tag are read from this index over the projection's offset range (see TaggedEventsDao).
CREATE INDEX IF NOT EXISTS "event_tag_tag_idx" ON "event_tag" ("tag", "event_id");
