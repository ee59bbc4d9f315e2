-- Tenants' webhooks (Standard Webhooks: signed with the secret kept here) and the log of their deliveries, each
-- retried with backoff until delivered or given up.
create table webhook (
    id         uuid primary key,
    tenant_id  uuid not null references tenant (id) on delete cascade,
    url        varchar(2000) not null,
    events     varchar(200) not null,
    secret     varchar(100) not null,
    created_by varchar(100) not null,
    created_at timestamp with time zone not null
);
create index webhook_tenant on webhook (tenant_id);

create table webhook_delivery (
    id               uuid primary key,
    webhook_id       uuid not null references webhook (id) on delete cascade,
    event_type       varchar(40) not null,
    message_id       varchar(40) not null,
    payload          varchar(4000) not null,
    status           varchar(16) not null,
    attempts         integer not null,
    last_status_code integer,
    last_error       varchar(300),
    created_at       timestamp with time zone not null,
    last_attempt_at  timestamp with time zone,
    next_attempt_at  timestamp with time zone,
    finished_at      timestamp with time zone
);
create index webhook_delivery_due on webhook_delivery (status, next_attempt_at);
create index webhook_delivery_webhook on webhook_delivery (webhook_id, created_at);
