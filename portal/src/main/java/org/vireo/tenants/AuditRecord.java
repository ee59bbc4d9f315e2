package org.vireo.tenants;

import org.vireo.audit.AuditEntry;

/** An audit entry with the name of its tenant (null for entries about no tenant, or a tenant deleted since). */
public record AuditRecord(AuditEntry entry, String tenantName) {}
