-- Tenants whose users must sign in with a second factor (set by the tenant's admins or operators).
create table two_factor_requirement (
    tenant_id uuid primary key references tenant (id) on delete cascade,
    set_at    timestamp with time zone not null
);
