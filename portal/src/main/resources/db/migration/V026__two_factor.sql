-- Two-factor sign-in (TOTP): the shared secret of an enrolled user (base32; shown once, at enrolment), since when,
-- and the last time step a code was accepted for (a code is good once). Ten single-use recovery codes per user,
-- stored as SHA-256 hashes.
alter table user_account add column totp_secret varchar(64);
alter table user_account add column totp_since timestamp with time zone;
alter table user_account add column totp_last_step bigint;

create table recovery_code (
    id        uuid primary key,
    user_id   uuid not null references user_account (id) on delete cascade,
    code_hash varchar(64) not null,
    used_at   timestamp with time zone
);
create index recovery_code_user on recovery_code (user_id);
