-- The long operation a machine is in (create, delete, rebuild, rescue, ISO, address, edit, snapshot): at most one per
-- machine. owner is the portal process that runs it; it renews heartbeat_at while it runs. Any node's reconciler
-- leaves an operation with a fresh heartbeat alone, wherever it runs, and takes over one whose owner stopped
-- renewing it (the process died): an interrupted create is rolled back, a delete finished, anything else ends in
-- ERROR. The row goes with its machine.
create table machine_operation (
    machine_id   uuid primary key references machine (id) on delete cascade,
    kind         varchar(16) not null,
    owner        varchar(128) not null,
    started_at   timestamp with time zone not null,
    heartbeat_at timestamp with time zone not null
);
create index machine_operation_owner on machine_operation (owner);
