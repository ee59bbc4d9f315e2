-- A machine with delete protection cannot be deleted (nor rebuilt) until the flag is cleared.
alter table machine add column delete_protected boolean default false not null;
