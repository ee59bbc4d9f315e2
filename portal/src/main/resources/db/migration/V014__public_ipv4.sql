-- Operators' public IPv4 pools: a subnet on one host's bridge (or uplink), its gateway, addresses kept back.
create table ip_pool (
    id          uuid primary key,
    name        varchar(63)  not null unique,
    host_id     uuid         not null references host (id),
    cidr        varchar(18)  not null,
    gateway     varchar(15)  not null,
    bridge      varchar(15)  not null,
    reserved    varchar(4000) not null,
    created_at  timestamp with time zone not null
);

-- An address given to a machine: the row is the allocation (the address is the key, so no two machines share it).
create table public_ip (
    address     varchar(15)  primary key,
    pool_id     uuid         not null references ip_pool (id),
    tenant_id   uuid         not null references tenant (id) on delete cascade,
    machine_id  uuid         not null references machine (id) on delete cascade,
    mac         varchar(17)  not null unique,
    ptr         varchar(253),
    created_at  timestamp with time zone not null
);
create index public_ip_machine on public_ip (machine_id);
create index public_ip_tenant on public_ip (tenant_id);

-- How many public IPv4 addresses a tenant may hold.
alter table tenant_quota add column ipv4 int default 2 not null;
