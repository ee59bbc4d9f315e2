-- An ISO an operator shows to chosen tenants only (tenants_only), and which ones. Others' users neither list nor
-- insert it; a machine that has it keeps it until ejected.
alter table template add column tenants_only boolean default false not null;
create table template_tenant (
    template_id uuid not null references template (id) on delete cascade,
    tenant_id   uuid not null references tenant (id) on delete cascade,
    primary key (template_id, tenant_id)
);
create index template_tenant_tenant on template_tenant (tenant_id);
