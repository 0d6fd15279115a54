-- The device read model and the ledger's device contributions are one projection now, device-events. On a
-- database where the two ran, it starts at the lower of their offsets per tag (its handler skips what each had
-- written); where either never saved one, it starts from the first event. Their rows stay: the handler reads them.
INSERT INTO "pekko_projection_offset_store"
    ("projection_name", "projection_key", "current_offset", "manifest", "mergeable", "last_updated")
SELECT 'device-events', d."projection_key",
       CASE WHEN CAST(d."current_offset" AS BIGINT) <= CAST(l."current_offset" AS BIGINT) THEN d."current_offset"
            ELSE l."current_offset" END,
       d."manifest", d."mergeable", d."last_updated"
FROM "pekko_projection_offset_store" d
JOIN "pekko_projection_offset_store" l ON l."projection_key" = d."projection_key"
WHERE d."projection_name" = 'device-read-model' AND l."projection_name" = 'ledger-devices';
