-- What only operators may read of an audit entry: host names, URIs, paths, capacities, the hypervisor's own
-- messages. Tenants read "detail" only. Entries written before the split move their detail over.
alter table audit_event add column operator_detail varchar(1000);
update audit_event set operator_detail = detail, detail = null
 where action = 'machine.place' or outcome = 'FAILED' or detail like '%host=%' or action like 'host.%';
