package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;
import org.vireo.hosts.HostService;
import org.vireo.quotas.QuotaService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.BearerCalls;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Poll;
import org.vireo.support.SerialShell;
import org.vireo.support.Virsh;

/**
 * A full backup target (a 24 MiB tmpfs as the host's backup directory): the backup of a running machine that changed
 * 32 MiB fails and says the storage is full, leaves nothing in the directory but the earlier backup, which stays
 * done, and no checkpoint that breaks the chain; once there is room, the next backup is incremental over the
 * earlier one. A stopped machine's copy into a full target fails alike.
 */
@IntegrationTest
class BackupTargetFullIT {
    @Autowired
    MockMvc mvc;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    ConsoleService consoles;

    @Autowired
    HostService hosts;

    @Autowired
    QuotaService quotas;

    @Test
    void aFullTargetFailsTheBackupClearlyAndLosesNothing() throws Exception {
        var rest = new BearerCalls(mvc);
        var user = demo.user();
        var local = SystemActor.call(() -> hosts.list().stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow());
        Path dir =
                Path.of("/var/tmp/vireo-full-it-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir.toString());
        var m = demo.create("backup-full", true);
        String base = "/api/v1/machines/" + m.id() + "/backups";
        try {
            SystemActor.run(() -> hosts.setBackupDir(local.id(), dir.toString(), AuditSource.API));
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 8, 4096, 100, 10, 10, AuditSource.SYSTEM));
            Poll.until("running", Duration.ofSeconds(60), () -> demo.get(m.id()).state() == MachineState.RUNNING);
            String domain = demo.get(m.id()).domainName();
            try (var shell =
                    new SerialShell(Actors.as(user, () -> consoles.issue(m.id(), ConsoleType.SERIAL, AuditSource.API))
                            .url())) {
                BackupSteps.write(shell, 0x11, 16, 1);
                var first = BackupSteps.finished(rest, demo, base);
                assertThat(first.get("state").asText()).isEqualTo("done");
                assertThat(first.has("failure")).isFalse();
                String firstId = first.get("id").asText();
                List<String> kept = files(dir);
                assertThat(kept).hasSize(1);

                // 32 MiB changed, 24 MiB of room: failed, and it says why
                BackupSteps.write(shell, 0x22, 64, 32);
                var full = BackupSteps.finished(rest, demo, base);
                assertThat(full.get("state").asText()).isEqualTo("failed");
                assertThat(full.get("failure").asText()).isEqualTo("target-full");
                assertThat(full.get("storedBytes").asLong()).isZero();
                // nothing lost: the earlier backup is done and its volume the only file; the machine runs on and
                // keeps only the earlier backup's checkpoint
                assertThat(files(dir)).isEqualTo(kept);
                assertThat(rest.call(rest.demo(get(base + "/" + firstId)), 200)
                                .get("state")
                                .asText())
                        .isEqualTo("done");
                assertThat(demo.get(m.id()).state()).isEqualTo(MachineState.RUNNING);
                assertThat(Virsh.run("checkpoint-list", domain, "--name").strip())
                        .isEqualTo("vireo-" + firstId);

                // room again: the next one counts its changes from the earlier backup
                run("mount", "-o", "remount,size=256m", dir.toString());
                var next = BackupSteps.finished(rest, demo, base);
                assertThat(next.get("state").asText()).isEqualTo("done");
                assertThat(next.get("kind").asText()).isEqualTo("incremental");
                assertThat(next.get("baseId").asText()).isEqualTo(firstId);
                assertThat(next.get("storedBytes").asLong()).isGreaterThanOrEqualTo(32L << 20);
            }

            // stopped, its disk copied whole into a target filled up by something else: failed alike, nothing left
            Actors.as(user, () -> machines.powerOff(m.id(), AuditSource.API));
            Poll.until("stopped", Duration.ofSeconds(60), () -> demo.get(m.id()).state() == MachineState.STOPPED);
            List<String> before = files(dir);
            run("sh", "-c", "head -c $(( $(stat -f -c '%a*%S' " + dir + ") - 4096 )) /dev/zero > " + dir + "/filler");
            var cold = BackupSteps.finished(rest, demo, base);
            assertThat(cold.get("state").asText()).isEqualTo("failed");
            assertThat(cold.get("failure").asText()).isEqualTo("target-full");
            Files.delete(dir.resolve("filler"));
            assertThat(files(dir)).isEqualTo(before);
        } finally {
            demo.delete(m.id());
            try {
                SystemActor.run(() -> hosts.setBackupDir(local.id(), null, AuditSource.API));
                String pool = MachineBackups.pool(dir.toString()).poolName();
                Virsh.run("pool-destroy", pool);
                Virsh.run("pool-undefine", pool);
            } finally {
                run("umount", dir.toString());
                Files.deleteIfExists(dir);
            }
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void run(String... command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
