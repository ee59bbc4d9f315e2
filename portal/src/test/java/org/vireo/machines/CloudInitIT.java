package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SshKeyService;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;
import org.vireo.templates.TemplateService;

/**
 * A qcow2 image template marked cloud-init: the machine's disk is an overlay on the read-only base, and it gets a
 * NoCloud seed (volume id cidata) with its name as host name and the user's SSH keys; delete removes both.
 */
@IntegrationTest
class CloudInitIT {
    static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q test@vireo";

    @Autowired
    MachineService machines;

    @Autowired
    TemplateService templates;

    @Autowired
    AccountService accounts;

    @Autowired
    SshKeyService keys;

    @Test
    void cloudInitMachineGetsAnOverlayAndASeedWithHostnameAndKeys() throws Exception {
        Path dir = Files.createDirectories(Path.of("/var/lib/vireo/templates/test-images"));
        Path base = dir.resolve("ci-" + UUID.randomUUID().toString().substring(0, 8) + ".qcow2");
        assertThat(new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "2G")
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        var template = SystemActor.call(() ->
                templates.registerImage("cloud " + base.getFileName(), base, 1, 256, null, true, AuditSource.SYSTEM));
        assertThat(template.diskGiB()).isEqualTo(2);
        assertThat(Files.isWritable(base) && !"root".equals(System.getProperty("user.name")))
                .isFalse();
        assertThat(Files.getPosixFilePermissions(base).toString()).doesNotContain("WRITE");

        var demo = ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
        assertThatThrownBy(() ->
                        Actors.as(demo, () -> keys.add("bad", "-----BEGIN OPENSSH PRIVATE KEY-----", AuditSource.API)))
                .isInstanceOf(InvalidInputException.class);
        Actors.as(demo, () -> keys.add("laptop", KEY, AuditSource.API));
        String name = "ci-" + UUID.randomUUID().toString().substring(0, 6);
        var m = Actors.as(
                demo,
                () -> machines.create(new CreateMachine(name, template.id(), null, null, 4, false), AuditSource.API));
        try {
            String xml = Virsh.run("dumpxml", m.domainName());
            Path seed = Path.of("/var/lib/vireo/disks/" + m.domainName() + ".seed.iso");
            assertThat(xml).contains("device='cdrom'").contains(seed.toString()).contains("<readonly/>");
            assertThat(isoinfo("-d", "-i", seed.toString())).contains("Volume id: cidata");
            assertThat(isoinfo("-J", "-i", seed.toString(), "-x", "/user-data;1"))
                    .startsWith("#cloud-config")
                    .contains("hostname: " + name)
                    .contains(KEY);
            assertThat(isoinfo("-J", "-i", seed.toString(), "-x", "/meta-data;1"))
                    .contains("instance-id: " + m.id());
            String disk = Virsh.run("vol-dumpxml", m.domainName() + ".qcow2", "--pool", "vireo");
            assertThat(disk).contains("<backingStore>").contains(base.toString());
            assertThat(disk).contains("<capacity unit='bytes'>" + 4L * 1024 * 1024 * 1024 + "</capacity>");
        } finally {
            Actors.as(demo, () -> machines.delete(m.id(), AuditSource.API));
            Files.deleteIfExists(base);
        }
        assertThat(Virsh.run("vol-list", "vireo")).doesNotContain(m.domainName());
    }

    /**
     * At most 50 keys a user; and keys that together overflow the seed are refused before any quota is reserved
     * (2,000 keys once ended in a 500 after the reservation).
     */
    @Test
    void tooManyOrTooLargeKeysAreRefusedBeforeAnythingIsReserved() throws Exception {
        Path dir = Files.createDirectories(Path.of("/var/lib/vireo/templates/test-images"));
        Path base = dir.resolve("keys-" + UUID.randomUUID().toString().substring(0, 8) + ".qcow2");
        assertThat(new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "1G")
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        var template = SystemActor.call(() ->
                templates.registerImage("keys " + base.getFileName(), base, 1, 256, null, true, AuditSource.SYSTEM));
        var demo = ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
        String username = "keys-" + UUID.randomUUID().toString().substring(0, 6);
        SystemActor.run(
                () -> accounts.create(username, "keys-password-1", Role.MEMBER, demo.tenantId(), AuditSource.SYSTEM));
        var user = ((VireoPrincipal) accounts.loadUserByUsername(username)).currentUser();
        var random = new SecureRandom();
        try {
            for (int i = 0; i < SshKeyService.MAX_KEYS; i++) {
                byte[] blob = new byte[12_000];
                random.nextBytes(blob);
                String key = "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob) + " k" + i;
                Actors.as(user, () -> keys.add("big", key, AuditSource.API));
            }
            assertThatThrownBy(() -> Actors.as(user, () -> keys.add("one more", KEY, AuditSource.API)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("sshkeys.too-many");
            long before = Actors.as(user, () -> machines.count(MachineQuery.ALL));
            assertThatThrownBy(() -> Actors.as(
                            user,
                            () -> machines.create(
                                    new CreateMachine("keys-m", template.id(), null, null, 2, false), AuditSource.API)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("merged-too-long");
            assertThat(Actors.as(user, () -> machines.count(MachineQuery.ALL))).isEqualTo(before);
        } finally {
            SystemActor.run(() -> templates.delete(template.id(), AuditSource.SYSTEM));
            Files.deleteIfExists(base);
        }
    }

    static String isoinfo(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("isoinfo"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
