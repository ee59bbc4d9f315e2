-- Public addresses given back: another tenant gets one only after VIREO_IP_COOLDOWN (old DNS records, caches and
-- reputation still point at it for a while). The row of an address is replaced each time it is given back.
create table public_ip_released (
    address     varchar(15) primary key,
    tenant_id   uuid not null,
    released_at timestamp with time zone not null
);
create index public_ip_released_at on public_ip_released (released_at);
