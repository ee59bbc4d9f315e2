-- How a host serves its tenants' private networks: nat, none (gateway and DHCP, no way out) or isolated (layer 2).
alter table host add column network_mode varchar(8) default 'nat' not null;
-- What the DNS server on the networks' gateway does: host (the host's resolvers), none, or IPv4 addresses.
alter table host add column dns varchar(80) default 'host' not null;

-- Each tenant's private subnet, taken from the operator's plan (VIREO_PRIVATE_CIDR); the same on every host.
create table tenant_subnet (
    tenant_id   uuid primary key references tenant (id) on delete cascade,
    cidr        varchar(18) not null unique,
    created_at  timestamp with time zone not null
);

-- A machine's interface on its tenant's private network: its MAC and its address in the tenant's subnet
-- (null for machines from before private networks).
alter table machine add column mac varchar(17);
alter table machine add column private_ipv4 varchar(15);
create unique index machine_mac on machine (mac);
create unique index machine_private_ipv4 on machine (private_ipv4);
