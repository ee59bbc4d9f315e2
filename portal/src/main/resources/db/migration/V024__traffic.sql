-- Traffic accounting (issue 35). The last counters read per machine interface: run names the domain's run on its
-- host (counters start at zero in a new run), so the next reading adds only what is new; cpu_nanos, the domain's CPU
-- time then, tells a new run that got an old domain id (a host rebooted): CPU time never goes back within a run.
create table traffic_counter (
    machine_id uuid        not null references machine (id) on delete cascade,
    mac        varchar(17) not null,
    run        varchar(80) not null,
    cpu_nanos  bigint      not null,
    rx_bytes   bigint      not null,
    tx_bytes   bigint      not null,
    read_at    timestamp with time zone not null,
    primary key (machine_id, mac)
);

-- Bytes per machine, host, UTC day and kind (public or private), received (rx) and sent (tx) by the machine. Rows
-- stay when their machine is deleted: a tenant's month counts them.
create table traffic_day (
    machine_id uuid       not null,
    host_id    uuid       not null,
    on_day     date       not null,
    kind       varchar(8) not null,
    tenant_id  uuid       not null references tenant (id) on delete cascade,
    rx_bytes   bigint     not null,
    tx_bytes   bigint     not null,
    primary key (machine_id, host_id, on_day, kind)
);
create index traffic_day_tenant on traffic_day (tenant_id, on_day);
