package org.vireo.networks.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.vireo.networks.IpPool;
import org.vireo.networks.IpPoolService;

/** {@code /api/v1/admin/ip-pools}: operators' public IPv4 pools per host. */
@RestController
@RequestMapping(path = "/api/v1/admin/ip-pools", produces = "application/json")
class IpPoolController {
    private final IpPoolService pools;

    IpPoolController(IpPoolService pools) {
        this.pools = pools;
    }

    record PoolJson(
            UUID id,
            String name,
            UUID hostId,
            String cidr,
            String gateway,
            String bridge,
            List<String> reserved,
            int used,
            Instant createdAt) {
        static PoolJson of(IpPool p) {
            return new PoolJson(
                    p.id(),
                    p.name(),
                    p.hostId(),
                    p.cidr(),
                    p.gateway(),
                    p.bridge(),
                    p.reserved(),
                    p.used(),
                    p.createdAt());
        }
    }

    record CreateJson(String name, UUID hostId, String cidr, String gateway, String bridge, List<String> reserved) {}

    @GetMapping
    ResponseEntity<List<PoolJson>> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, pools.list(), PoolJson::of);
    }

    @GetMapping("/{id}")
    PoolJson get(@PathVariable UUID id) {
        return PoolJson.of(pools.get(id));
    }

    /** 201; 400 naming the field for a bad name, host, CIDR (or one overlapping), gateway, bridge or reserved. */
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    PoolJson create(@RequestBody CreateJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return PoolJson.of(pools.create(
                body.name(),
                body.hostId(),
                body.cidr(),
                body.gateway(),
                body.bridge(),
                body.reserved(),
                AuditSource.API));
    }

    /** 204; 409 while addresses of it are given to machines. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        pools.delete(id, AuditSource.API);
    }
}
