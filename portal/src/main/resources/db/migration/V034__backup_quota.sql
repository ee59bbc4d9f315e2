-- How many GiB a tenant's backups may take in the backup targets (issue 22); existing tenants get 100, the default
-- of VIREO_QUOTA_BACKUP_GIB.
alter table tenant_quota add column backup_gib int default 100 not null;
