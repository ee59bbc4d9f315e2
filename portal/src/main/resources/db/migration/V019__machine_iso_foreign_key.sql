-- A machine's inserted ISO is a template row like its base: it cannot be deleted while a machine has it (or is being
-- given it: the ISO is set when the operation is claimed). ISOs deleted under a machine before are ejected here.
update machine set iso_id = null where iso_id is not null and iso_id not in (select id from template);
alter table machine add constraint machine_iso_fk foreign key (iso_id) references template (id);
