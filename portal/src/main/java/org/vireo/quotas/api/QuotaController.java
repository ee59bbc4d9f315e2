package org.vireo.quotas.api;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.QuotaView;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;

/** {@code GET /api/v1/quota} for tenant users, {@code PUT /api/v1/admin/tenants/{id}/quota} for operators. */
@RestController
class QuotaController {
    private final QuotaService quotas;

    QuotaController(QuotaService quotas) {
        this.quotas = quotas;
    }

    record ResourcesJson(int vcpus, int memoryMiB, int diskGiB, int machines, int snapshots, int ipv4, int backupGiB) {
        static ResourcesJson of(Resources r) {
            return new ResourcesJson(
                    r.vcpus(), r.memoryMiB(), r.diskGiB(), r.machines(), r.snapshots(), r.ipv4(), r.backupGiB());
        }
    }

    /** {@code trafficGiB}: the monthly traffic allowance, absent when unlimited. */
    record QuotaJson(ResourcesJson limits, ResourcesJson used, ResourcesJson reserved, Integer trafficGiB) {
        static QuotaJson of(QuotaView v) {
            return new QuotaJson(
                    ResourcesJson.of(v.limits()),
                    ResourcesJson.of(v.used()),
                    ResourcesJson.of(v.reserved()),
                    v.trafficGiB());
        }
    }

    /**
     * {@code snapshots}, {@code ipv4}, {@code trafficGiB} and {@code backupGiB} are optional: left out, the tenant's
     * limit stays as it is; {@code trafficGiB} 0 makes the allowance unlimited.
     */
    record LimitsJson(
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Integer machines,
            Integer snapshots,
            Integer ipv4,
            Integer trafficGiB,
            Integer backupGiB) {}

    @GetMapping(path = "/api/v1/quota", produces = "application/json")
    QuotaJson own() {
        var caller = CurrentUser.require();
        if (caller.tenantId() == null) {
            throw new InvalidInputException("tenant", "quotas.operator-has-no-tenant");
        }
        return QuotaJson.of(quotas.view(caller.tenantId()));
    }

    @PutMapping(path = "/api/v1/admin/tenants/{id}/quota", consumes = "application/json", produces = "application/json")
    QuotaJson set(@PathVariable UUID id, @RequestBody LimitsJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return QuotaJson.of(quotas.setLimits(
                id,
                body.vcpus(),
                body.memoryMiB(),
                body.diskGiB(),
                body.machines(),
                body.snapshots(),
                body.ipv4(),
                body.trafficGiB(),
                body.backupGiB(),
                AuditSource.API));
    }
}
