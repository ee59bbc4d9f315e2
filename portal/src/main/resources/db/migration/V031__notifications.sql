-- Mails that tell users what happened (a machine crashed, quota nearly used, traffic allowance reached, a sign-in
-- from a new address), each on by default and switched off per user; the language they are written in; and the
-- addresses each user signed in from, to notice a new one.
alter table user_account add column locale varchar(8);

create table notification_opt_out (
    user_id uuid not null references user_account (id) on delete cascade,
    kind    varchar(16) not null,
    primary key (user_id, kind)
);

create table login_address (
    user_id    uuid not null references user_account (id) on delete cascade,
    address    varchar(64) not null,
    first_seen timestamp with time zone not null,
    primary key (user_id, address)
);
