create table user_ssh_key (
    id         uuid primary key,
    user_id    uuid          not null references user_account (id) on delete cascade,
    name       varchar(100)  not null,
    public_key varchar(16384) not null,
    created_at timestamp with time zone not null
);
create index user_ssh_key_user on user_ssh_key (user_id);
