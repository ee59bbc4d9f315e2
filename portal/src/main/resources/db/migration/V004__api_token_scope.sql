-- What a token may do: READ (GET only) or WRITE (everything its user may do). Existing tokens keep WRITE.
alter table api_token add column scope varchar(10) default 'WRITE' not null;
