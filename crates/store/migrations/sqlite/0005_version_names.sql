-- A name for a version, so that versions of the same plan can be told apart ("reviderad juni").
ALTER TABLE plan_versions ADD COLUMN name TEXT;
