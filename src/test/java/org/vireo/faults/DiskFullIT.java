package org.vireo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.base.ConflictException;
import org.vireo.quotas.Resources;
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
}
