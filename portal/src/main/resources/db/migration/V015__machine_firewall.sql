-- A machine's inbound firewall rules for its public addresses (JSON: [{"protocol","ports","source"}]); no row: none
-- (everything inbound but replies is dropped).
create table machine_firewall (
    machine_id  uuid primary key references machine (id) on delete cascade,
    rules       varchar(16000) not null,
    updated_at  timestamp with time zone not null
);
