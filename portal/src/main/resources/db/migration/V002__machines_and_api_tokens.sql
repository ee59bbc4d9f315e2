create table machine (
    id                uuid primary key,
    tenant_id         uuid         not null references tenant (id),
    name              varchar(63)  not null,
    template_id       uuid         not null references template (id),
    vcpus             integer      not null,
    memory_mib        integer      not null,
    disk_gib          integer      not null,
    state             varchar(16)  not null,
    state_detail      varchar(500),
    domain_name       varchar(100) not null unique,
    shutdown_deadline timestamp with time zone,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    constraint machine_tenant_name unique (tenant_id, name)
);
create index machine_tenant_created on machine (tenant_id, created_at);
create index machine_state on machine (state);

create table api_token (
    id           uuid primary key,
    user_id      uuid         not null references user_account (id) on delete cascade,
    name         varchar(100) not null,
    token_hash   varchar(64)  not null unique,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    revoked_at   timestamp with time zone,
    last_used_at timestamp with time zone
);
create index api_token_user on api_token (user_id);

-- Limits per tenant. Usage is not stored: it is summed from the machine rows while this row is locked, so it
-- cannot drift from the machines that exist.
create table tenant_quota (
    tenant_id  uuid primary key references tenant (id) on delete cascade,
    vcpus      integer not null,
    memory_mib integer not null,
    disk_gib   integer not null,
    machines   integer not null,
    updated_at timestamp with time zone not null
);
