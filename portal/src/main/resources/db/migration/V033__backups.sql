-- Where a host's machines' backups go: the directory of its backup pool, apart from its machine pool.
alter table host add column backup_dir varchar(1024);

-- Machines' backups in the backup pool of host_id: whole, or incremental over base_id (a qcow2 volume holding the
-- clusters changed since the base's checkpoint). Only a DONE backup is complete. A deleted backup that a later one
-- builds on stays, hidden, until nothing does.
create table machine_backup (
    id           uuid primary key,
    machine_id   uuid not null,
    tenant_id    uuid not null references tenant (id) on delete cascade,
    host_id      uuid not null,
    backup_dir   varchar(1024) not null,
    volume       varchar(128) not null,
    checkpoint   varchar(64),
    base_id      uuid references machine_backup (id),
    schedule_id  uuid,
    state        varchar(16) not null,
    live         boolean not null,
    frozen       boolean not null,
    stored_bytes bigint not null,
    hidden       boolean not null,
    created_by   varchar(100) not null,
    created_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    error        varchar(300)
);
create index machine_backup_machine on machine_backup (machine_id, created_at);
create index machine_backup_tenant on machine_backup (tenant_id);

-- Backup schedules: daily or weekly at a local time in a zone, each keeping its own newest backups. Several may
-- coexist on a machine; adding one never replaces another.
create table backup_schedule (
    id          uuid primary key,
    machine_id  uuid not null,
    tenant_id   uuid not null references tenant (id) on delete cascade,
    frequency   varchar(8) not null,
    day_of_week integer,
    time_of_day varchar(5) not null,
    zone        varchar(64) not null,
    retention   integer not null,
    next_run_at timestamp with time zone not null,
    last_run_at timestamp with time zone,
    created_by  varchar(100) not null,
    created_at  timestamp with time zone not null
);
create index backup_schedule_due on backup_schedule (next_run_at);
create index backup_schedule_machine on backup_schedule (machine_id);
