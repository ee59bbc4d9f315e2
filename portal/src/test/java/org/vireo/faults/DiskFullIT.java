package org.vireo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.dashboard.DashboardService;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.quotas.Resources;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Shell;
import org.vireo.support.Virsh;

/**
 * The machines' storage pool sits on a small tmpfs the test mounts and fills: a create gets a clear "storage full"
 * error and leaves no row, reservation, domain or file behind; with space freed the same create succeeds.
 */
@IntegrationTest
class DiskFullIT {
    static final String POOL = "vireo-full-" + UUID.randomUUID().toString().substring(0, 8);
    static final Path DIR = Path.of("/tmp", POOL);

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    DashboardService dashboard;

    @Autowired
    AuditLog audit;

    @Value("${vireo.machines.log-dir}")
    Path logs;

    @DynamicPropertySource
    static void smallPool(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(DIR);
        Shell.run("mount -t tmpfs -o size=2m tmpfs " + DIR);
        registry.add("vireo.storage.pool", () -> POOL);
        registry.add("vireo.storage.pool-dir", DIR::toString);
    }

    @AfterAll
    static void removePool() throws Exception {
        Virsh.run("pool-destroy", POOL);
        Virsh.run("pool-undefine", POOL);
        Shell.run("umount " + DIR + " && rmdir " + DIR);
    }

    @Test
    void createOnFullStorageIsRefusedClearlyAndLeavesNothing() throws Exception {
        // Touch the pool once (defines it on the tmpfs), then fill the file system.
        demo.delete(demo.create("full-1", false).id());
        Shell.run("dd if=/dev/zero of=" + DIR.resolve("filler") + " bs=64k 2>/dev/null; true");
        assertThat(Shell.run("df --output=avail " + DIR + " | tail -1").strip()).isEqualTo("0");

        var domainsBefore = Virsh.domainNames();
        var refused = catchThrowableOfType(ConflictException.class, () -> demo.create("full-1", false));
        assertThat(refused).as("create on a full disk").isNotNull();
        System.out.println("full disk: " + refused.getMessage());
        assertThat(refused.type()).isEqualTo("storage-full");
        assertThat(refused.messageKey()).isEqualTo("machines.storage-full");

        assertThat(demo.machines()).isEmpty();
        assertThat(demo.quota().reserved()).isEqualTo(Resources.ZERO);
        assertThat(demo.quota().used()).isEqualTo(Resources.ZERO);
        assertThat(Virsh.domainNames()).isEqualTo(domainsBefore);
        try (var files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("filler"));
        }

        Files.delete(DIR.resolve("filler"));
        var after = demo.create("full-1", false);
        assertThat(Virsh.run("vol-list", POOL)).contains(after.id().toString());
        demo.delete(after.id());
    }

    @Test
    void aGuestWhoseDiskCannotBeWrittenIsShownPausedAuditedAndFlagged() throws Exception {
        Files.deleteIfExists(DIR.resolve("filler"));
        var m = demo.create("full-2", true);
        try {
            Path serial = logs.resolve(m.domainName() + ".serial.log");
            long until = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < until
                    && !(Files.exists(serial) && Files.readString(serial).contains("VIREO-DEMO-BOOTED"))) {
                Thread.sleep(500);
            }
            assertThat(Files.readString(serial)).contains("VIREO-DEMO-BOOTED");
            // The guest writes 64 MiB to its disk, whose overlay lives on the 2 MiB file system: QEMU pauses it.
            String socket = SystemActor.call(() -> machines.serialSocket(m)).orElseThrow();
            try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                // a character at a time: the guest's UART (under TCG) drops what comes faster than it reads
                for (byte c :
                        "\ndd if=/dev/zero of=/dev/vda bs=1M count=64; sync\n".getBytes(StandardCharsets.US_ASCII)) {
                    channel.write(ByteBuffer.wrap(new byte[] {c}));
                    Thread.sleep(30);
                }
            }
            until = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < until && demo.get(m.id()).state() != MachineState.PAUSED) {
                Thread.sleep(500);
            }
            var paused = demo.get(m.id());
            String log = Files.readString(serial);
            assertThat(paused.state())
                    .as(
                            "state after the disk filled; domain %s; serial: %s",
                            Virsh.run("domstate", "--reason", m.domainName()),
                            log.substring(Math.max(0, log.length() - 1500)))
                    .isEqualTo(MachineState.PAUSED);
            assertThat(paused.stateDetail()).contains("disk I/O error").doesNotContain(DIR.toString());
            assertThat(Virsh.run("domstate", "--reason", m.domainName()))
                    .contains("paused")
                    .contains("I/O error");
            // audited for the tenant, flagged for operators
            assertThat(SystemActor.call(() -> audit.forTarget(m.tenantId(), m.name(), 20)))
                    .anyMatch(e -> e.action().equals("machine.paused"));
            assertThat(SystemActor.call(() -> dashboard.admin()).paused())
                    .anyMatch(p -> p.machine().equals("full-2"));
            // It can be powered off (and then started again once there is space).
            Actors.as(demo.user(), () -> machines.powerOff(m.id(), AuditSource.API));
            until = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < until && demo.get(m.id()).state() != MachineState.STOPPED) {
                Thread.sleep(200);
            }
            assertThat(demo.get(m.id()).state()).isEqualTo(MachineState.STOPPED);
        } finally {
            demo.delete(m.id());
        }
    }
}
