-- Duties that one portal node at a time performs (reconciler, libvirt event handling, usage sampling) go to the
-- holder of this lease; it is renewed every second and taken over by another node once it expired.
create table cluster_lease (
    name       varchar(50)  primary key,
    holder     varchar(200) not null,
    expires_at timestamp with time zone not null
);
insert into cluster_lease (name, holder, expires_at) values ('leader', '', timestamp '1970-01-01 00:00:00');
