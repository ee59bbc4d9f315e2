-- The one attempt (a URL download or an upload) that may write a template's image: taken with a conditional update,
-- so a second upload, or an upload while the download runs, is refused whatever node it reaches. Each attempt writes
-- its own file (<id>.<attempt>.part), and only the attempt that holds the row may publish or fail it.
alter table template add column import_attempt uuid;
