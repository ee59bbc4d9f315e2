-- Where other hosts send a machine moving here (migration traffic): an address or name; null: not reachable for
-- migrations (issue 33).
alter table host add column migration_address varchar(253);
