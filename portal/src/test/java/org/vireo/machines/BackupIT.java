package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditSource;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;
import org.vireo.hosts.Host;
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
 * Backups on the real hypervisor, through the REST API: a running demo guest writes to its disk through its serial
 * console; a whole backup, then incrementals; the middle one deleted; each restore returns the stopped machine's
 * disk to exactly what the guest had written at that backup (read back with {@code qemu-io} from the volume);
 * snapshots go with the disk left; a restored disk's next backup is whole; a stopped machine's backup is a copy; the
 * machine's deletion takes its backups with it.
 */
@IntegrationTest
class BackupIT {
    private static final int MIB = 1 << 20;

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    SnapshotService snapshots;

    @Autowired
    ConsoleService consoles;

    @Autowired
    HostService hosts;

    @Autowired
    QuotaService quotas;

    @Autowired
    AuditLog audit;

    @Autowired
    BackupSchedules schedules;

    @Autowired
    BackupMetrics backupMetrics;

    @Autowired
    MeterRegistry registry;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void incrementalBackupsRestoreWhatTheGuestHadAndGoWithTheMachine() throws Exception {
        var rest = new BearerCalls(mvc);
        var user = demo.user();
        var local = localHost();
        Path dir = Path.of(
                "/var/tmp/vireo-backup-it-" + UUID.randomUUID().toString().substring(0, 8));
        var m = demo.create("backup-it", true);
        String base = "/api/v1/machines/" + m.id() + "/backups";
        try {
            // no backup target on the host: refused, nothing recorded
            assertThat(rest.call(rest.demo(post(base)), 409).get("detail").asText())
                    .contains("not available");
            assertThat(rest.call(rest.demo(get(base)), 200)).isEmpty();
            SystemActor.run(() -> hosts.setBackupDir(local.id(), dir.toString(), AuditSource.API));
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 8, 4096, 100, 10, 10, AuditSource.SYSTEM));
            awaitState(m.id(), MachineState.RUNNING);

            String[] firstId = {null};
            String[] thirdId = {null};
            try (var shell =
                    new SerialShell(Actors.as(user, () -> consoles.issue(m.id(), ConsoleType.SERIAL, AuditSource.API))
                            .url())) {
                write(shell, 0x11, 16);
                var b1 = backup(rest, base);
                firstId[0] = b1.get("id").asText();
                assertThat(b1.get("kind").asText()).isEqualTo("whole");
                assertThat(b1.get("live").asBoolean()).isTrue();
                assertThat(b1.get("frozen").asBoolean())
                        .as("the demo guest has no agent")
                        .isFalse();

                write(shell, 0x22, 16);
                write(shell, 0x33, 32);
                var b2 = backup(rest, base);
                assertThat(b2.get("kind").asText()).isEqualTo("incremental");
                assertThat(b2.get("baseId").asText()).isEqualTo(b1.get("id").asText());
                // what changed, not the disk: about 2 MiB
                assertThat(b2.get("storedBytes").asLong()).isBetween(2L * MIB, 4L * MIB);

                write(shell, 0x44, 32);
                var b3 = backup(rest, base);
                thirdId[0] = b3.get("id").asText();
                assertThat(b3.get("baseId").asText()).isEqualTo(b2.get("id").asText());

                // the middle one deleted: gone from the list, the last still restores (below)
                rest.call(rest.demo(delete(base + "/" + b2.get("id").asText())), 204);
                assertThat(ids(rest.call(rest.demo(get(base)), 200)))
                        .containsExactly(b1.get("id").asText(), b3.get("id").asText());
                rest.call(rest.demo(get(base + "/" + b2.get("id").asText())), 404);

                // restoring needs a stopped machine
                rest.call(rest.demo(post(base + "/" + b3.get("id").asText() + "/restore")), 409);
                Actors.as(user, () -> snapshots.take(m.id(), "before-restore", AuditSource.API));
                Actors.as(user, () -> machines.powerOff(m.id(), AuditSource.API));

                var restored =
                        rest.call(rest.demo(post(base + "/" + b3.get("id").asText() + "/restore")), 200);
                assertThat(restored.get("state").asText()).isEqualTo("STOPPED");
                assertThat(holds(m.domainName(), 16, 0x22)).isTrue();
                assertThat(holds(m.domainName(), 32, 0x44)).isTrue();
                assertThat(Actors.as(user, () -> snapshots.list(m.id())))
                        .as("snapshots of the disk left")
                        .isEmpty();

                rest.call(rest.demo(post(base + "/" + b1.get("id").asText() + "/restore")), 200);
                assertThat(holds(m.domainName(), 16, 0x11)).isTrue();
                assertThat(holds(m.domainName(), 32, 0x00)).isTrue();
                // two restores left the machine the second one's two disk volumes, nothing of the disks before
                assertThat(Virsh.run("vol-list", "vireo")
                                .lines()
                                .filter(l -> l.contains(m.domainName() + ".") && l.contains(".qcow2"))
                                .count())
                        .isEqualTo(2);
            }

            // the backup quota: at 0 GiB no backup begins (409, nothing recorded), raised again it does
            int before = rest.call(rest.demo(get(base)), 200).size();
            SystemActor.run(
                    () -> quotas.setLimits(user.tenantId(), 8, 4096, 100, 10, 10, null, null, 0, AuditSource.SYSTEM));
            assertThat(rest.call(rest.demo(post(base)), 409).get("type").asText())
                    .endsWith("quota-exceeded");
            assertThat(rest.call(rest.demo(get(base)), 200)).hasSize(before);
            SystemActor.run(
                    () -> quotas.setLimits(user.tenantId(), 8, 4096, 100, 10, 10, null, null, 100, AuditSource.SYSTEM));
            assertThat(demo.quota().used().backupGiB())
                    .as("stored, rounded up to GiB")
                    .isPositive();

            // a restored disk has no checkpoint: its next backup is whole
            Actors.as(user, () -> machines.start(m.id(), AuditSource.API));
            awaitState(m.id(), MachineState.RUNNING);
            var b4 = backup(rest, base);
            assertThat(b4.get("kind").asText()).isEqualTo("whole");
            assertThat(b4.get("live").asBoolean()).isTrue();
            // a stopped machine: a copy of its disk
            Actors.as(user, () -> machines.powerOff(m.id(), AuditSource.API));
            var b5 = backup(rest, base);
            assertThat(b5.get("live").asBoolean()).isFalse();
            assertThat(b5.get("kind").asText()).isEqualTo("whole");
            // the newest complete backup's age, per machine, for Prometheus
            backupMetrics.refresh();
            var age = registry.find("vireo.backup.age.seconds")
                    .tag("machine", m.id().toString())
                    .gauge();
            assertThat(age).isNotNull();
            assertThat(age.value()).isBetween(0.0, 120.0);
            assertThat(SystemActor.call(() -> audit.forTarget(user.tenantId(), m.name(), 50)))
                    .anyMatch(e -> e.action().equals("machine.backup"))
                    .anyMatch(e -> e.action().equals("machine.restore"))
                    .anyMatch(e -> e.action().equals("machine.backup.delete"));
            try (var files = Files.list(dir)) {
                assertThat(files.toList()).hasSize(5); // b2 kept, hidden: b3 was built on it
            }

            // a schedule: bad input refused; each due run takes a backup, and only the newest it took stays
            String schedulesPath = "/api/v1/machines/" + m.id() + "/backup-schedules";
            for (var bad : List.of(
                    Map.of("frequency", "hourly", "time", "03:00", "zone", "Europe/Berlin", "retention", 1),
                    Map.of("frequency", "weekly", "time", "03:00", "zone", "Europe/Berlin", "retention", 1),
                    Map.of("frequency", "daily", "time", "25:00", "zone", "Europe/Berlin", "retention", 1),
                    Map.of("frequency", "daily", "time", "03:00", "zone", "Mars/Olympus", "retention", 1),
                    Map.of("frequency", "daily", "time", "03:00", "zone", "Europe/Berlin", "retention", 0))) {
                rest.call(
                        rest.demo(post(schedulesPath)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(BearerCalls.JSON.writeValueAsString(bad))),
                        400);
            }
            var schedule = rest.call(
                    rest.demo(post(schedulesPath)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"frequency\":\"weekly\",\"dayOfWeek\":\"sunday\",\"time\":\"03:00\","
                                    + "\"zone\":\"Europe/Berlin\",\"retention\":1}")),
                    201);
            assertThat(schedule.get("dayOfWeek").asText()).isEqualTo("sunday");
            assertThat(rest.call(rest.demo(get(schedulesPath)), 200)).hasSize(1);
            String scheduleId = schedule.get("id").asText();
            var taken = new ArrayList<String>();
            for (int run = 0; run < 2; run++) {
                jdbc.update(
                        "update backup_schedule set next_run_at = ? where id = ?",
                        java.sql.Timestamp.from(Instant.now().minusSeconds(1)),
                        UUID.fromString(scheduleId));
                schedules.runDue(Instant.now());
                Poll.until("scheduled backup", Duration.ofSeconds(60), () -> {
                    for (var b : rest.call(rest.demo(get(base)), 200)) {
                        if (scheduleId.equals(b.path("scheduleId").asText())
                                && b.get("state").asText().equals("done")
                                && !taken.contains(b.get("id").asText())) {
                            taken.add(b.get("id").asText());
                            return true;
                        }
                    }
                    return false;
                });
                Poll.until(
                        "machine free",
                        Duration.ofSeconds(10),
                        () -> demo.get(m.id()).stateDetail() == null);
            }
            // retention 1: the first scheduled backup went when the second was done; manual ones stay
            var left = ids(rest.call(rest.demo(get(base)), 200));
            assertThat(left).contains(taken.get(1)).doesNotContain(taken.get(0));
            assertThat(left).contains(firstId[0], b5.get("id").asText());
            rest.call(rest.demo(delete(schedulesPath + "/" + scheduleId)), 204);
            assertThat(rest.call(rest.demo(get(schedulesPath)), 200)).isEmpty();

            // b3 (built on the hidden b2) as a new machine: started, and its disk is what the guest had at b3
            var copy = rest.call(
                    rest.demo(post(base + "/" + thirdId[0] + "/restore-as-new")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"backup-it-copy\"}")),
                    201);
            var copyId = UUID.fromString(copy.get("id").asText());
            try {
                assertThat(copy.get("state").asText()).isIn("STARTING", "RUNNING");
                Actors.as(user, () -> machines.powerOff(copyId, AuditSource.API));
                awaitState(copyId, MachineState.STOPPED);
                String copyDomain = demo.get(copyId).domainName();
                assertThat(holds(copyDomain, 16, 0x22)).isTrue();
                assertThat(holds(copyDomain, 32, 0x44)).isTrue();
            } finally {
                demo.delete(copyId);
            }
        } finally {
            demo.delete(m.id());
            try {
                if (Files.exists(dir)) {
                    try (var files = Files.list(dir)) {
                        assertThat(files.toList())
                                .as("the machine's backups went with it")
                                .isEmpty();
                    }
                }
            } finally {
                SystemActor.run(() -> hosts.setBackupDir(local.id(), null, AuditSource.API));
                String pool = MachineBackups.pool(dir.toString()).poolName();
                Virsh.run("pool-destroy", pool);
                Virsh.run("pool-undefine", pool);
                Files.deleteIfExists(dir);
            }
        }
    }

    private Host localHost() {
        return SystemActor.call(() -> hosts.list().stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow());
    }

    private void awaitState(UUID id, MachineState state) throws InterruptedException {
        Poll.until(state.name(), Duration.ofSeconds(60), () -> demo.get(id).state() == state);
    }

    /** Writes 1 MiB of {@code value} at {@code offsetMiB} of the guest's disk, from inside the guest. */
    private static void write(SerialShell shell, int value, int offsetMiB) throws Exception {
        BackupSteps.write(shell, value, offsetMiB, 1);
    }

    /** Takes a backup through the API and waits for it to end; it must end done. */
    private JsonNode backup(BearerCalls rest, String base) throws Exception {
        var done = BackupSteps.finished(rest, demo, base);
        assertThat(done.get("state").asText()).isEqualTo("done");
        return done;
    }

    private static List<String> ids(JsonNode list) {
        var ids = new ArrayList<String>();
        list.forEach(b -> ids.add(b.get("id").asText()));
        return ids;
    }

    /** Whether 1 MiB at {@code offsetMiB} of the stopped machine's disk is all {@code value}. */
    private static boolean holds(String domain, int offsetMiB, int value) throws Exception {
        String disk = null;
        for (String line : Virsh.run("domblklist", domain).split("\n")) {
            var cols = line.trim().split("\\s+");
            if (cols.length == 2 && cols[0].equals("vda")) {
                disk = cols[1];
            }
        }
        var p = new ProcessBuilder(
                        "qemu-io", "-r", "-f", "qcow2", "-c", "read -P " + value + " " + offsetMiB + "M 1M", disk)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.contains("read 1048576/1048576") && !out.contains("Pattern verification failed");
    }
}
