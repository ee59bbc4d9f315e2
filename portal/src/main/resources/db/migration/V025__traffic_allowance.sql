-- A tenant's monthly traffic allowance in GiB (public traffic, both directions); null: unlimited (issue 35).
alter table tenant_quota add column traffic_gib integer;

-- How far each tenant got into its allowance in a month (80 or 100 %), so each notice is given once, and whether
-- its machines are throttled now.
create table traffic_allowance_state (
    tenant_id  uuid       not null references tenant (id) on delete cascade,
    in_month   varchar(7) not null,
    level      integer    not null,
    throttled  boolean    not null,
    updated_at timestamp with time zone not null,
    primary key (tenant_id, in_month)
);
