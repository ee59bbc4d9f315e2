-- A machine with delete protection cannot be deleted (nor rebuilt) until the flag is cleared.
alter table machine add column delete_protected boolean default false not null;
-- A machine in rescue boots the rescue system (its disk attached) until rescue is ended.
alter table machine add column rescue boolean default false not null;
-- The ISO of the library in the machine's CD-ROM drive (it boots from it first), if any.
alter table machine add column iso_id uuid;
