-- A tenant admin's invitations: a mailed single-use link (valid 72 h, stored as its SHA-256 hash) with which the
-- invited person chooses a username and password and joins the tenant in the given role.
create table invitation (
    id          uuid primary key,
    tenant_id   uuid not null references tenant (id) on delete cascade,
    email       varchar(254) not null,
    role        varchar(32) not null,
    token_hash  varchar(64) not null unique,
    invited_by  varchar(63) not null,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    accepted_at timestamp with time zone
);
create index invitation_tenant on invitation (tenant_id);
