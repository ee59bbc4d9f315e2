-- The WebSocket URL of a standalone console proxy next to the host (null: the portal's own proxy reaches it).
alter table host add column console_url varchar(300);
