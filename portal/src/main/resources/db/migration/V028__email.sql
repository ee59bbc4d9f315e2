-- Users' e-mail addresses, confirmed by a link; single-use links for that and for forgotten passwords, stored as
-- SHA-256 hashes with their expiry.
alter table user_account add column email varchar(254);
alter table user_account add column email_verified_at timestamp with time zone;
create unique index user_account_email on user_account (email);

create table account_link (
    id         uuid primary key,
    user_id    uuid not null references user_account (id) on delete cascade,
    purpose    varchar(16) not null,
    token_hash varchar(64) not null unique,
    email      varchar(254),
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone
);
create index account_link_user on account_link (user_id);
