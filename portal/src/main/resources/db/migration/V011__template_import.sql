-- Images operators import (from a URL or an upload) are templates in IMPORTING until checked, then READY or
-- FAILED with the reason (a message key and its arguments). Existing templates are READY.
alter table template add column status varchar(16) default 'READY' not null;
alter table template add column progress integer default 100 not null;
alter table template add column status_detail varchar(100);
alter table template add column status_args varchar(500);
alter table template add column image_format varchar(8);
alter table template add column source_url varchar(2000);
alter table template add column sha256 varchar(64);
alter table template add column expected_sha256 varchar(64);
alter table template add column updated_at timestamp;
