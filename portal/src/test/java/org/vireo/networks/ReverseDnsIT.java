package org.vireo.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.hosts.HostService;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.MachineService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.BearerCalls;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.PowerDnsServer;

/**
 * Reverse DNS through a real PowerDNS authoritative server (SQLite backend) that the test starts on loopback: the
 * name a tenant sets is served over DNS, changed and removed with it, and removed when the address goes with its
 * machine. When PowerDNS does not take a change (not answering, no zone for the address) the API says 503
 * {@code …/dns-unavailable} and the stored name stays as it was. Machines are defined, never started.
 */
@IntegrationTest
class ReverseDnsIT {
    static PowerDnsServer pdns;

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    HostService hosts;

    @Autowired
    IpPoolService pools;

    @DynamicPropertySource
    static void powerDns(DynamicPropertyRegistry registry) throws Exception {
        pdns = PowerDnsServer.start();
        String url = pdns.url();
        registry.add("vireo.dns.powerdns.url", () -> url);
        registry.add("vireo.dns.powerdns.key", () -> PowerDnsServer.KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pdns != null) {
            pdns.close();
        }
    }

    @Test
    void aNameIsServedChangedAndRemovedAndGoesWithItsAddress() throws Exception {
        var rest = new BearerCalls(mvc);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        pdns.createZone("100.51.198.in-addr.arpa.");
        var local = SystemActor.call(() -> hosts.list().stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow());
        // one address in a range with a reverse zone, then one in a range without
        var zoned = SystemActor.call(() -> pools.create(
                "rdns-" + suffix, local.id(), "198.51.100.0/30", "198.51.100.1", "vrdns0", List.of(), AuditSource.API));
        var unzoned = SystemActor.call(() -> pools.create(
                "rdns-nozone-" + suffix,
                local.id(),
                "203.0.113.0/29",
                "203.0.113.1",
                "vrdns1",
                List.of(),
                AuditSource.API));
        var cmd = new CreateMachine("rdns-" + suffix, demo.template(), 1, 128, 1, false, null, null, null, null, true);
        var machine = Actors.as(demo.user(), () -> machines.create(cmd, AuditSource.API));
        String ips = "/api/v1/machines/" + machine.id() + "/ips";
        try {
            String address =
                    rest.call(rest.demo(get(ips)), 200).get(0).get("address").asText();
            assertThat(address).isEqualTo("198.51.100.2");

            assertThat(ptr(rest, ips + "/" + address, "srv.example.org", 200)
                            .get("ptr")
                            .asText())
                    .isEqualTo("srv.example.org");
            assertThat(pdns.ptr(address)).isEqualTo("srv.example.org.");
            ptr(rest, ips + "/" + address, "www.example.org", 200);
            assertThat(pdns.ptr(address)).isEqualTo("www.example.org.");
            ptr(rest, ips + "/" + address, "", 200);
            assertThat(pdns.ptr(address)).isEmpty();
            ptr(rest, ips + "/" + address, "srv.example.org", 200);

            // PowerDNS does not answer: 503, and the name stays what it was, in Vireo and in DNS
            pdns.pause();
            try {
                assertThat(ptr(rest, ips + "/" + address, "other.example.org", 503)
                                .get("type")
                                .asText())
                        .endsWith("/dns-unavailable");
            } finally {
                pdns.resume();
            }
            assertThat(rest.call(rest.demo(get(ips)), 200).get(0).get("ptr").asText())
                    .isEqualTo("srv.example.org");
            assertThat(pdns.ptr(address)).isEqualTo("srv.example.org.");

            // an address no zone of the server holds: 503 as well, nothing stored
            String other = rest.call(rest.demo(post(ips)), 201).get("address").asText();
            assertThat(other).startsWith("203.0.113.");
            assertThat(ptr(rest, ips + "/" + other, "two.example.org", 503)
                            .get("type")
                            .asText())
                    .endsWith("/dns-unavailable");
            var stored = rest.call(rest.demo(get(ips)), 200);
            assertThat(stored.toString()).doesNotContain("two.example.org");
        } finally {
            Actors.as(demo.user(), () -> machines.delete(machine.id(), AuditSource.API));
        }
        // the address went with its machine, and so did its name
        assertThat(pdns.ptr("198.51.100.2")).isEmpty();
        SystemActor.run(() -> pools.delete(zoned.id(), AuditSource.API));
        SystemActor.run(() -> pools.delete(unzoned.id(), AuditSource.API));
    }

    private static JsonNode ptr(BearerCalls rest, String path, String name, int status) throws Exception {
        return rest.call(
                rest.demo(put(path)).contentType(MediaType.APPLICATION_JSON).content("{\"ptr\":\"" + name + "\"}"),
                status);
    }
}
