package org.vireo.traffic.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.base.Paging;
import org.vireo.traffic.Bytes;
import org.vireo.traffic.TrafficService;

/**
 * {@code GET /api/v1/machines/{id}/traffic?month=YYYY-MM} (a machine's month, its tenant's users),
 * {@code GET /api/v1/traffic?month=YYYY-MM} (the caller's tenant's month) and
 * {@code GET /api/v1/admin/traffic?month=YYYY-MM} (every tenant's, operators). No month: the current one (UTC).
 * 400 naming {@code month} for anything but YYYY-MM.
 */
@RestController
class TrafficController {
    private final TrafficService traffic;

    TrafficController(TrafficService traffic) {
        this.traffic = traffic;
    }

    /** Bytes received by machines ({@code rxBytes}) and sent by them ({@code txBytes}). */
    record BytesJson(long rxBytes, long txBytes) {
        static BytesJson of(Bytes b) {
            return new BytesJson(b.rx(), b.tx());
        }
    }

    record DayJson(
            LocalDate day,
            @JsonProperty("public") BytesJson publicBytes,
            @JsonProperty("private") BytesJson privateBytes) {}

    record MachineJson(
            UUID machineId,
            String month,
            @JsonProperty("public") BytesJson publicBytes,
            @JsonProperty("private") BytesJson privateBytes,
            List<DayJson> days) {}

    record HostJson(
            UUID hostId,
            String hostName,
            @JsonProperty("public") BytesJson publicBytes,
            @JsonProperty("private") BytesJson privateBytes) {}

    record TenantJson(
            UUID tenantId,
            String tenantName,
            String month,
            @JsonProperty("public") BytesJson publicBytes,
            @JsonProperty("private") BytesJson privateBytes,
            List<HostJson> hosts) {}

    @GetMapping(path = "/api/v1/machines/{id}/traffic", produces = "application/json")
    MachineJson machine(@PathVariable UUID id, @RequestParam(required = false) String month) {
        var t = traffic.ofMachine(id, traffic.month(month));
        return new MachineJson(
                t.machineId(),
                t.month().toString(),
                BytesJson.of(t.publicBytes()),
                BytesJson.of(t.privateBytes()),
                t.days().stream()
                        .map(d -> new DayJson(d.day(), BytesJson.of(d.publicBytes()), BytesJson.of(d.privateBytes())))
                        .toList());
    }

    /** No {@code allowanceGiB}: unlimited; {@code allowancePercent}: public bytes used of it. */
    record MonthJson(
            String month,
            @JsonProperty("public") BytesJson publicBytes,
            @JsonProperty("private") BytesJson privateBytes,
            Integer allowanceGiB,
            int allowancePercent) {}

    /** The caller's tenant's month, all its machines together; operators 403 (they read the admin list). */
    @GetMapping(path = "/api/v1/traffic", produces = "application/json")
    MonthJson ownTenant(@RequestParam(required = false) String month) {
        var m = traffic.month(month);
        var t = traffic.ofOwnTenant(m);
        var allowance = traffic.ownAllowance(m);
        return new MonthJson(
                t.month().toString(),
                BytesJson.of(t.publicBytes()),
                BytesJson.of(t.privateBytes()),
                allowance.allowanceGiB(),
                allowance.percent());
    }

    @GetMapping(path = "/api/v1/admin/traffic", produces = "application/json")
    ResponseEntity<List<TenantJson>> tenants(
            @RequestParam(required = false) String month,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Paging.respond(
                page,
                size,
                traffic.ofTenants(traffic.month(month)),
                t -> new TenantJson(
                        t.tenantId(),
                        t.tenantName(),
                        t.month().toString(),
                        BytesJson.of(t.publicBytes()),
                        BytesJson.of(t.privateBytes()),
                        t.hosts().stream()
                                .map(h -> new HostJson(
                                        h.hostId(),
                                        h.hostName(),
                                        BytesJson.of(h.publicBytes()),
                                        BytesJson.of(h.privateBytes())))
                                .toList()));
    }
}
