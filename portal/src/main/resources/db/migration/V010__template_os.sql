-- What a template's guest is: the OS name shown to tenants and the user cloud-init creates (for a generated
-- password). Both optional; older templates have neither.
alter table template add column os_name varchar(100);
alter table template add column default_user varchar(32);
