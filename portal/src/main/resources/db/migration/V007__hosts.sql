-- Hypervisor hosts the portal manages, reached by libvirt URI. Credentials (SSH keys, TLS certificates) are files
-- on the portal's machine named in the URI's parameters, never stored here.
create table host (
    id            uuid primary key,
    name          varchar(63)  not null unique,
    uri           varchar(500) not null unique,
    accelerator   varchar(8)   not null,
    cpu_ratio     double precision not null,
    memory_ratio  double precision not null,
    maintenance   boolean      not null,
    created_at    timestamp with time zone not null
);

-- The host a machine was placed on; null: the portal's own host (machines from before several hosts).
alter table machine add column host_id uuid references host (id);
create index machine_host on machine (host_id);
