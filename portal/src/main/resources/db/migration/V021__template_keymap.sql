-- The keyboard layout of the template's guests (what "type text" in the browser's console types in): us or de.
alter table template add column keymap varchar(8) default 'us' not null;
