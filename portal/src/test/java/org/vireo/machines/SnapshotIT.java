package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.quotas.QuotaExceededException;
import org.vireo.quotas.QuotaService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;

/**
 * Disk snapshots on the real hypervisor. What the disk holds is checked with {@code qemu-io} on the volumes while
 * the machine is off: data written after a snapshot is gone after the revert, data from before it is there.
 */
@IntegrationTest
class SnapshotIT {
    @Autowired
    MachineTransitions transitions;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    SnapshotService snapshots;

    @Autowired
    QuotaService quotas;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void snapshotOfARunningMachineIsTakenRevertedAndDeleted() throws Exception {
        var m = demo.create("snapshot-it", false);
        var user = demo.user();
        var domain = m.domainName();
        try {
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 8, 4096, 100, 10, 10, AuditSource.SYSTEM));
            qemuIo(activeDisk(domain), "write -P 0x11 0 64k");
            Actors.as(user, () -> machines.start(m.id(), AuditSource.API));

            // Taken while running: the guest keeps running on a new overlay over the frozen volume.
            var s1 = Actors.as(user, () -> snapshots.take(m.id(), "before-change", AuditSource.API));
            assertThat(Virsh.run("domstate", domain)).contains("running");
            assertThat(activeDisk(domain)).isNotEqualTo(volumePath(domain + ".qcow2"));
            assertThat(chain(activeDisk(domain))).hasSize(2);
            assertThat(demo.quota().used().snapshots()).isEqualTo(1);
            assertThat(demo.quota().used().diskGiB()).isEqualTo(2); // machine 1 GiB + its snapshot 1 GiB

            // Change the disk after the snapshot (offline, where qemu-io may write), then revert while running.
            Actors.as(user, () -> machines.powerOff(m.id(), AuditSource.API));
            qemuIo(activeDisk(domain), "write -P 0x22 0 64k");
            Actors.as(user, () -> machines.start(m.id(), AuditSource.API));
            var reverted = Actors.as(user, () -> snapshots.revert(m.id(), s1.id(), AuditSource.API));
            assertThat(reverted.state()).isEqualTo(MachineState.RUNNING);
            assertThat(Virsh.run("domstate", domain)).contains("running");
            Actors.as(user, () -> machines.powerOff(m.id(), AuditSource.API));
            assertThat(qemuIo(activeDisk(domain), "read -P 0x11 0 64k")).doesNotContain("Pattern verification failed");
            assertThat(qemuIo(activeDisk(domain), "read -P 0x22 0 64k")).contains("Pattern verification failed");

            // Three snapshots; delete the middle one while running (a block commit), then the newest (active
            // commit + pivot); the data and the order of what is left stay right.
            Actors.as(user, () -> machines.start(m.id(), AuditSource.API));
            var s2 = Actors.as(user, () -> snapshots.take(m.id(), "second", AuditSource.API));
            var s3 = Actors.as(user, () -> snapshots.take(m.id(), "third", AuditSource.API));
            assertThat(chain(activeDisk(domain))).hasSize(4);
            Actors.as(user, () -> snapshots.delete(m.id(), s2.id(), AuditSource.API));
            assertThat(chain(activeDisk(domain))).hasSize(3);
            assertThat(names(m)).containsExactly("before-change", "third");
            Actors.as(user, () -> snapshots.delete(m.id(), s3.id(), AuditSource.API));
            assertThat(chain(activeDisk(domain))).hasSize(2);
            assertThat(Virsh.run("domstate", domain)).contains("running");

            // Stopped: a second snapshot, then the older one deleted (a commit below the top: the volume above is
            // rebased) and the newer (the top): both merged by libvirt in the guest started paused, which is off
            // again afterwards. The machine is back on a single volume with all data.
            Actors.as(user, () -> machines.powerOff(m.id(), AuditSource.API));
            var s4 = Actors.as(user, () -> snapshots.take(m.id(), "stopped", AuditSource.API));
            assertThat(chain(activeDisk(domain))).hasSize(3);
            qemuIo(activeDisk(domain), "write -P 0x33 128k 64k");
            Actors.as(user, () -> snapshots.delete(m.id(), s1.id(), AuditSource.API));
            assertThat(chain(activeDisk(domain))).hasSize(2);
            assertThat(Virsh.run("domstate", domain)).contains("shut off");
            assertThat(names(m)).containsExactly("stopped");
            Actors.as(user, () -> snapshots.delete(m.id(), s4.id(), AuditSource.API));
            assertThat(Virsh.run("domstate", domain)).contains("shut off");
            assertThat(demo.get(m.id()).state()).isEqualTo(MachineState.STOPPED);
            assertThat(chain(activeDisk(domain))).hasSize(1);
            assertThat(activeDisk(domain)).isEqualTo(volumePath(domain + ".qcow2"));
            assertThat(qemuIo(activeDisk(domain), "read -P 0x11 0 64k")).doesNotContain("Pattern verification failed");
            assertThat(qemuIo(activeDisk(domain), "read -P 0x33 128k 64k"))
                    .doesNotContain("Pattern verification failed");
            assertThat(demo.quota().used().snapshots()).isZero();
            assertThat(demo.quota().used().diskGiB()).isEqualTo(1);
            Actors.as(user, () -> machines.start(m.id(), AuditSource.API));
            assertThat(Virsh.run("domstate", domain)).contains("running");
        } finally {
            demo.delete(m.id());
        }
        assertThat(Virsh.run("vol-list", "--pool", "vireo")).doesNotContain(domain);
    }

    @Test
    void limitsAndBadInputChangeNothing() throws Exception {
        var m = demo.create("snapshot-limits", false);
        var user = demo.user();
        try {
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 8, 4096, 100, 10, 1, AuditSource.SYSTEM));
            var before = activeDisk(m.domainName());
            assertThatThrownBy(() -> Actors.as(user, () -> snapshots.take(m.id(), "<b>", AuditSource.API)))
                    .isInstanceOf(InvalidInputException.class);
            Actors.as(user, () -> snapshots.take(m.id(), "one", AuditSource.API));
            assertThatThrownBy(() -> Actors.as(user, () -> snapshots.take(m.id(), "two", AuditSource.API)))
                    .isInstanceOf(QuotaExceededException.class)
                    .satisfies(e ->
                            assertThat(((QuotaExceededException) e).resource()).isEqualTo("snapshots"));
            // the disk quota counts snapshots too: 1 GiB machine + 1 GiB snapshot fill a 2 GiB limit
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 8, 4096, 2, 10, 5, AuditSource.SYSTEM));
            assertThatThrownBy(() -> Actors.as(user, () -> snapshots.take(m.id(), "two", AuditSource.API)))
                    .isInstanceOf(QuotaExceededException.class)
                    .satisfies(e ->
                            assertThat(((QuotaExceededException) e).resource()).isEqualTo("diskGiB"));
            assertThat(Actors.as(user, () -> snapshots.list(m.id()))).hasSize(1);
            assertThat(chain(activeDisk(m.domainName()))).hasSize(2);
            assertThat(activeDisk(m.domainName())).isNotEqualTo(before);

            // A record left by a node that died before libvirt's snapshot (its volume is still the active disk)
            // is dropped before the next snapshot operation instead of being reverted to or merged.
            SystemActor.run(() -> quotas.setLimits(user.tenantId(), 8, 4096, 100, 10, 5, AuditSource.SYSTEM));
            var active = activeDisk(m.domainName());
            jdbc.update(
                    "insert into machine_snapshot (id, machine_id, tenant_id, name, volume, disk_gib, created_at) "
                            + "values (?, ?, ?, 'half', ?, 1, ?)",
                    UUID.randomUUID(),
                    m.id(),
                    m.tenantId(),
                    active.substring(active.lastIndexOf('/') + 1),
                    Timestamp.from(Instant.now()));
            assertThat(names(m)).containsExactly("one", "half");
            Actors.as(user, () -> snapshots.take(m.id(), "two", AuditSource.API));
            assertThat(names(m)).containsExactly("one", "two");
            assertThat(chain(activeDisk(m.domainName()))).hasSize(3);

            // A machine that is neither running nor stopped has no snapshot operations.
            transitions.update(m.id(), e -> e.failed("test"));
            assertThatThrownBy(() -> Actors.as(user, () -> snapshots.take(m.id(), "three", AuditSource.API)))
                    .isInstanceOf(ConflictException.class);
            transitions.update(m.id(), e -> e.stopped(null));
        } finally {
            demo.delete(m.id());
        }
    }

    private List<String> names(Machine m) {
        return Actors.as(demo.user(), () -> snapshots.list(m.id())).stream()
                .map(Snapshot::name)
                .toList();
    }

    private static String activeDisk(String domain) throws Exception {
        for (String line : Virsh.run("domblklist", domain).split("\n")) {
            var cols = line.trim().split("\\s+");
            if (cols.length == 2 && cols[0].equals("vda")) {
                return cols[1];
            }
        }
        throw new AssertionError("no vda in " + Virsh.run("domblklist", domain));
    }

    private static String volumePath(String volume) throws Exception {
        return Virsh.run("vol-path", "--pool", "vireo", volume).trim();
    }

    /** The image files from the active one down to the bottom of its chain. */
    private static List<String> chain(String image) throws Exception {
        var out = exec("qemu-img", "info", "-U", "--backing-chain", image);
        var images = new ArrayList<String>();
        for (String line : out.split("\n")) {
            if (line.startsWith("image: ")) {
                images.add(line.substring(7));
            }
        }
        return images;
    }

    private static String qemuIo(String image, String command) throws Exception {
        return exec("qemu-io", "-f", "qcow2", "-c", command, image);
    }

    private static String exec(String... cmd) throws Exception {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
