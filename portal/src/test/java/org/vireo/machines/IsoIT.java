package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.security.SystemActor;
import org.vireo.support.BearerCalls;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Shell;
import org.vireo.tenants.TenantService;

/**
 * The ISO library on the real hypervisor: an operator uploads a bootable ISO (GRUB, built here by grub-mkrescue,
 * that greets on the serial port), a tenant inserts it into a stopped machine with an empty disk, and the machine
 * boots from it; it is ejected again, and an ISO in a drive cannot be deleted.
 */
@IntegrationTest
class IsoIT {
    @Autowired
    MockMvc mvc;

    @Value("${vireo.home}")
    Path home;

    @Value("${vireo.machines.log-dir}")
    Path logs;

    @TempDir
    Path dir;

    @Autowired
    DemoTenant demoTenant;

    @Autowired
    TenantService tenants;

    @Test
    void aTenantBootsAMachineFromAnIsoOfTheLibrary() throws Exception {
        var rest = new BearerCalls(mvc);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String greeting = "ISO-BOOTED-" + suffix;
        Files.createDirectories(dir.resolve("iso/boot/grub"));
        Files.writeString(
                dir.resolve("iso/boot/grub/grub.cfg"),
                "serial --unit=0 --speed=115200\n" + "terminal_output serial console\necho " + greeting
                        + "\nsleep 600\n");
        Path iso = dir.resolve("boot.iso");
        Shell.run("grub-mkrescue -o " + iso + " " + dir.resolve("iso") + " 2>&1");

        var created = rest.call(
                rest.admin(post("/api/v1/admin/isos"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "Boot ISO " + suffix))),
                202);
        String isoId = created.get("id").asText();
        var refused = rest.call(
                rest.admin(put("/api/v1/admin/isos/" + isoId + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(new byte[64 * 1024]),
                400);
        assertThat(refused.get("detail").asText()).contains("not an ISO 9660 image");
        assertThat(rest.call(
                                rest.admin(put("/api/v1/admin/isos/" + isoId + "/image"))
                                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                                        .content(Files.readAllBytes(iso)),
                                200)
                        .get("status")
                        .asText())
                .isEqualTo("READY");
        assertThat(rest.call(rest.demo(get("/api/v1/isos")), 200).toString()).contains(isoId);
        assertThat(rest.call(rest.demo(get("/api/v1/templates")), 200).toString())
                .doesNotContain(isoId);
        rest.call(
                rest.demo(post("/api/v1/machines"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "from-iso-" + suffix, "templateId", isoId))),
                400);

        // A machine with an empty disk (its template a blank qcow2) boots the ISO once it is inserted.
        Path images = home.resolve("templates/test-images");
        Files.createDirectories(images);
        Path blank = images.resolve("blank-" + suffix + ".qcow2");
        Shell.run("qemu-img create -q -f qcow2 " + blank + " 1G");
        String templateId = rest.call(
                        rest.admin(post("/api/v1/admin/templates"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(json(Map.of(
                                        "name", "Blank " + suffix, "imagePath", blank.toString(), "memoryMiB", 256))),
                        201)
                .get("id")
                .asText();
        String id = rest.call(
                        rest.demo(post("/api/v1/machines"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(json(
                                        Map.of("name", "iso-" + suffix, "templateId", templateId, "start", false))),
                        201)
                .get("id")
                .asText();
        try {
            var inserted = rest.call(
                    rest.demo(post("/api/v1/machines/" + id + "/iso"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json(Map.of("isoId", isoId))),
                    200);
            assertThat(inserted.get("isoId").asText()).isEqualTo(isoId);
            rest.call(rest.admin(delete("/api/v1/admin/isos/" + isoId)), 409);
            rest.call(rest.demo(post("/api/v1/machines/" + id + "/start")), 202);
            Path serial = logs.resolve("vireo-" + id + ".serial.log");
            long until = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < until
                    && !(Files.exists(serial) && Files.readString(serial).contains(greeting))) {
                Thread.sleep(500);
            }
            assertThat(Files.exists(serial) ? Files.readString(serial) : "(no serial log)")
                    .contains(greeting);
            rest.call(
                    rest.demo(post("/api/v1/machines/" + id + "/iso"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"isoId\":null}"),
                    409);
            rest.call(rest.demo(post("/api/v1/machines/" + id + "/poweroff")), 202);
            var ejected = rest.call(
                    rest.demo(post("/api/v1/machines/" + id + "/iso"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"isoId\":null}"),
                    200);
            assertThat(ejected.has("isoId")).as("no ISO: the field is left out").isFalse();
            assertThat(Shell.run("virsh -c qemu:///system dumpxml vireo-" + id))
                    .doesNotContain(iso.getFileName().toString())
                    .doesNotContain("imports/" + isoId)
                    .contains("<boot dev='hd'/>");
        } finally {
            rest.call(rest.demo(delete("/api/v1/machines/" + id)), 202);
        }
        rest.awaitGone("/api/v1/machines/" + id);
        rest.call(rest.admin(delete("/api/v1/admin/isos/" + isoId)), 204);
        rest.call(rest.admin(delete("/api/v1/admin/templates/" + templateId)), 204);
        Files.deleteIfExists(blank);
    }

    @Test
    void anIsoDeletedWhileAMachineGetsItIsEitherRefusedOrNeverInTheMachine() throws Exception {
        var rest = new BearerCalls(mvc);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Files.writeString(dir.resolve("RACE.TXT"), "race");
        Shell.run("genisoimage -quiet -o " + dir.resolve("race.iso") + " " + dir.resolve("RACE.TXT"));
        byte[] isoBytes = Files.readAllBytes(dir.resolve("race.iso"));
        Path images = home.resolve("templates/test-images");
        Files.createDirectories(images);
        Path blank = images.resolve("blank-" + suffix + ".qcow2");
        Shell.run("qemu-img create -q -f qcow2 " + blank + " 1G");
        String templateId = rest.call(
                        rest.admin(post("/api/v1/admin/templates"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(json(Map.of(
                                        "name", "Race " + suffix, "imagePath", blank.toString(), "memoryMiB", 256))),
                        201)
                .get("id")
                .asText();
        String id = rest.call(
                        rest.demo(post("/api/v1/machines"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(json(
                                        Map.of("name", "race-" + suffix, "templateId", templateId, "start", false))),
                        201)
                .get("id")
                .asText();
        var pool = Executors.newFixedThreadPool(2);
        int both = 0;
        try {
            for (int round = 0; round < 8; round++) {
                String isoId = rest.call(
                                rest.admin(post("/api/v1/admin/isos"))
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content(json(Map.of("name", "Race ISO " + round + " " + suffix))),
                                202)
                        .get("id")
                        .asText();
                rest.call(
                        rest.admin(put("/api/v1/admin/isos/" + isoId + "/image"))
                                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                                .content(isoBytes),
                        200);
                var insertReq = rest.demo(post("/api/v1/machines/" + id + "/iso"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("isoId", isoId)));
                var deleteReq = rest.admin(delete("/api/v1/admin/isos/" + isoId));
                var go = new CountDownLatch(1);
                var inserted = pool.submit(() -> {
                    go.await();
                    return mvc.perform(insertReq).andReturn().getResponse().getStatus();
                });
                var deleted = pool.submit(() -> {
                    go.await();
                    return mvc.perform(deleteReq).andReturn().getResponse().getStatus();
                });
                go.countDown();
                int ins = inserted.get(60, TimeUnit.SECONDS);
                int del = deleted.get(60, TimeUnit.SECONDS);
                var machine = rest.call(rest.demo(get("/api/v1/machines/" + id)), 200);
                String xml = Shell.run("virsh -c qemu:///system dumpxml vireo-" + id);
                if (del == 204) { // the ISO is gone: the machine never got it, nor its domain the file
                    assertThat(ins).as("round %d: insert after a delete", round).isEqualTo(400);
                    assertThat(machine.has("isoId")).as("round %d", round).isFalse();
                    assertThat(xml).as("round %d", round).doesNotContain(isoId);
                } else { // the machine has it: the delete was refused
                    assertThat(del)
                            .as("round %d: delete of an ISO being inserted", round)
                            .isEqualTo(409);
                    assertThat(ins).as("round %d", round).isEqualTo(200);
                    assertThat(machine.get("isoId").asText()).isEqualTo(isoId);
                    both++;
                    rest.call(
                            rest.demo(post("/api/v1/machines/" + id + "/iso"))
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content("{\"isoId\":null}"),
                            200);
                    rest.call(rest.admin(delete("/api/v1/admin/isos/" + isoId)), 204);
                }
            }
            System.out.printf("ISO insert/delete race: insert won %d of 8 rounds%n", both);
        } finally {
            pool.shutdownNow();
            rest.call(rest.demo(delete("/api/v1/machines/" + id)), 202);
        }
        rest.awaitGone("/api/v1/machines/" + id);
        rest.call(rest.admin(delete("/api/v1/admin/templates/" + templateId)), 204);
        Files.deleteIfExists(blank);
    }

    @Test
    void anIsoShownToChosenTenantsIsNotFoundForOthers() throws Exception {
        var rest = new BearerCalls(mvc);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var other = SystemActor.call(() -> tenants.create("iso-other-" + suffix, null, AuditSource.SYSTEM));
        String demo = demoTenant.user().tenantId().toString();
        Files.writeString(dir.resolve("SHOWN.TXT"), "shown");
        Shell.run("genisoimage -quiet -o " + dir.resolve("shown.iso") + " " + dir.resolve("SHOWN.TXT"));
        // bad input changes nothing: an unknown tenant, and tenants for a disk image
        rest.call(
                rest.admin(post("/api/v1/admin/isos"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "Shown " + suffix, "tenantIds", List.of(UUID.randomUUID())))),
                400);
        var created = rest.call(
                rest.admin(post("/api/v1/admin/isos"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "Shown " + suffix, "tenantIds", List.of(other.id())))),
                202);
        String isoId = created.get("id").asText();
        assertThat(created.get("tenantIds").toString()).isEqualTo("[\"" + other.id() + "\"]");
        rest.call(
                rest.admin(put("/api/v1/admin/isos/" + isoId + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(Files.readAllBytes(dir.resolve("shown.iso"))),
                200);
        // The demo tenant is not among them: not listed, not found, cannot be inserted, cannot change it.
        assertThat(rest.call(rest.demo(get("/api/v1/isos")), 200).toString()).doesNotContain(isoId);
        rest.call(rest.demo(get("/api/v1/templates/" + isoId)), 404);
        String machineId = demoTenant.create("iso-shown-" + suffix, false).id().toString();
        try {
            var refused = rest.call(
                    rest.demo(post("/api/v1/machines/" + machineId + "/iso"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json(Map.of("isoId", isoId))),
                    400);
            assertThat(refused.toString()).doesNotContain("iso-other-");
            rest.call(
                    rest.demo(put("/api/v1/admin/isos/" + isoId + "/tenants"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json(Map.of("tenantIds", List.of(demo)))),
                    403);
            rest.call(
                    rest.admin(put("/api/v1/admin/isos/" + isoId + "/tenants"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json(Map.of(
                                    "tenantIds", List.of(demo, UUID.randomUUID().toString())))),
                    400);
            assertThat(rest.call(rest.demo(get("/api/v1/isos")), 200).toString())
                    .doesNotContain(isoId);

            // Shown to the demo tenant too: listed, found; then to all (the field is left out).
            var both = rest.call(
                    rest.admin(put("/api/v1/admin/isos/" + isoId + "/tenants"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json(
                                    Map.of("tenantIds", List.of(demo, other.id().toString())))),
                    200);
            assertThat(both.get("tenantIds")).hasSize(2);
            assertThat(rest.call(rest.demo(get("/api/v1/isos")), 200).toString())
                    .contains(isoId)
                    .doesNotContain(other.id().toString());
            rest.call(rest.demo(get("/api/v1/templates/" + isoId)), 200);
            var toAll = rest.call(
                    rest.admin(put("/api/v1/admin/isos/" + isoId + "/tenants"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"tenantIds\":null}"),
                    200);
            assertThat(toAll.has("tenantIds")).isFalse();
            assertThat(rest.call(rest.demo(get("/api/v1/isos")), 200).toString())
                    .contains(isoId);
        } finally {
            demoTenant.delete(UUID.fromString(machineId));
        }
        rest.call(rest.admin(delete("/api/v1/admin/isos/" + isoId)), 204);
    }

    private static String json(Object body) throws Exception {
        return BearerCalls.JSON.writeValueAsString(body);
    }
}
