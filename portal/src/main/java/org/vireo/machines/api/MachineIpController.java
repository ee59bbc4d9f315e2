package org.vireo.machines.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.machines.MachineAddresses;
import org.vireo.networks.PublicIp;

/**
 * {@code /api/v1/machines/{id}/ips}: a machine's public addresses, added ({@code applied}: {@code live} by the
 * guest agent, {@code next-boot} by cloud-init, {@code manual}), taken off, and their reverse DNS names.
 */
@RestController
@RequestMapping(path = "/api/v1/machines/{id}/ips", produces = "application/json")
class MachineIpController {
    private final MachineAddresses addresses;

    MachineIpController(MachineAddresses addresses) {
        this.addresses = addresses;
    }

    /**
     * {@code applied} (only when added): {@code live}, {@code next-boot} or {@code manual}; {@code pending}:
     * {@code reboot} while the guest gets the address only at its next boot, else null.
     */
    record IpJson(
            String address,
            int prefix,
            String gateway,
            String mac,
            @JsonInclude(JsonInclude.Include.ALWAYS) String ptr,
            String applied,
            String pending) {
        static IpJson of(PublicIp ip, String applied) {
            return new IpJson(
                    ip.address(),
                    ip.prefix(),
                    ip.gateway(),
                    ip.mac(),
                    ip.ptr(),
                    applied,
                    "next-boot".equals(applied) ? "reboot" : null);
        }
    }

    record PtrJson(String ptr) {}

    @GetMapping
    List<IpJson> list(@PathVariable UUID id) {
        return addresses.list(id).stream().map(ip -> IpJson.of(ip, null)).toList();
    }

    /** 201; 409 {@code quota-exceeded} over the {@code ipv4} quota, {@code no-address} with no free one. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IpJson add(@PathVariable UUID id) {
        var added = addresses.add(id, AuditSource.API);
        return IpJson.of(added.ip(), added.applied().wire());
    }

    @DeleteMapping("/{address}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID id, @PathVariable String address) {
        addresses.remove(id, address, AuditSource.API);
    }

    /** 200 with the address; a bad name is a 400 naming {@code ptr}, {@code null} or "" clears it. */
    @PutMapping(path = "/{address}", consumes = "application/json")
    IpJson ptr(@PathVariable UUID id, @PathVariable String address, @RequestBody PtrJson body) {
        if (body == null) {
            throw new InvalidInputException("ptr", "validation.required");
        }
        return IpJson.of(addresses.setPtr(id, address, body.ptr(), AuditSource.API), null);
    }
}
