-- Disk snapshots: each one froze its machine's disk in a qcow2 volume at created_at. disk_gib is what it counts
-- against the tenant's disk quota (the machine's disk size when taken: an overlay can grow to it).
create table machine_snapshot (
    id         uuid primary key,
    machine_id uuid         not null references machine (id) on delete cascade,
    tenant_id  uuid         not null references tenant (id),
    name       varchar(63)  not null,
    volume     varchar(200) not null,
    disk_gib   integer      not null,
    created_at timestamp with time zone not null,
    constraint machine_snapshot_name unique (machine_id, name)
);
create index machine_snapshot_tenant on machine_snapshot (tenant_id);

-- The most snapshots a tenant may keep (all machines together).
alter table tenant_quota add column snapshots integer default 10 not null;

-- Usage samples per machine: rates over the sample's interval. resolution names the series: 10 = the last hour's
-- samples (one per sampling interval, 10 s by default), 300 = the last day's 5-minute averages; older rows are pruned.
create table machine_sample (
    machine_id      uuid     not null references machine (id) on delete cascade,
    resolution      integer  not null,
    at              timestamp with time zone not null,
    cpu_percent     double precision not null,
    memory_mib      double precision not null,
    disk_read_bps   double precision not null,
    disk_write_bps  double precision not null,
    net_rx_bps      double precision not null,
    net_tx_bps      double precision not null,
    primary key (machine_id, resolution, at)
);
create index machine_sample_age on machine_sample (resolution, at);
