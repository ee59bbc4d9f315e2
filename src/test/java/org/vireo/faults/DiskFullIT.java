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
import org.springframework.data.domain.Pageable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.base.OperationFailedException;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.MachineService;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;
import org.vireo.templates.TemplateService;

/**
 * The machines' storage pool sits on a small tmpfs the test mounts and fills: a create gets a clear "storage full"
 * error and leaves no row, reservation, domain or file behind; with space freed the same create succeeds.
 */
@IntegrationTest
class DiskFullIT {
    static final String POOL = "vireo-full-" + UUID.randomUUID().toString().substring(0, 8);
    static final Path DIR = Path.of("/tmp", POOL);

    @Autowired
    MachineService machines;
    @Autowired
    TemplateService templates;
    @Autowired
    AccountService accounts;
    @Autowired
    QuotaService quotas;

    @DynamicPropertySource
    static void smallPool(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(DIR);
        sh("mount -t tmpfs -o size=2m tmpfs " + DIR);
        registry.add("vireo.storage.pool", () -> POOL);
        registry.add("vireo.storage.pool-dir", DIR::toString);
    }

    @AfterAll
    static void removePool() throws Exception {
        Virsh.run("pool-destroy", POOL);
        Virsh.run("pool-undefine", POOL);
        sh("umount " + DIR + " && rmdir " + DIR);
    }

    @Test
    void createOnFullStorageIsRefusedClearlyAndLeavesNothing() throws Exception {
        CurrentUser demo = ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
        UUID template = SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)")).findFirst().orElseThrow().id());
        var create = new CreateMachine("full-1", template, 1, 128, 1, false);
        // Touch the pool once (defines it on the tmpfs), then fill the file system.
        var first = Actors.as(demo, () -> machines.create(create, AuditSource.API));
        Actors.as(demo, () -> machines.delete(first.id(), AuditSource.API));
        sh("dd if=/dev/zero of=" + DIR.resolve("filler") + " bs=64k 2>/dev/null; true");
        assertThat(sh("df --output=avail " + DIR + " | tail -1").strip()).isEqualTo("0");

        String domainsBefore = Virsh.run("list", "--all", "--name");
        var refused = catchThrowableOfType(OperationFailedException.class,
                () -> Actors.as(demo, () -> machines.create(create, AuditSource.API)));
        assertThat(refused).as("create on a full disk").isNotNull();
        System.out.println("full disk: " + refused.reason());
        assertThat(refused.messageKey()).isEqualTo("machines.storage-full");

        assertThat(Actors.as(demo, () -> machines.list(Pageable.unpaged(), null).getContent())).isEmpty();
        assertThat(SystemActor.call(() -> quotas.view(demo.tenantId()).reserved())).isEqualTo(Resources.ZERO);
        assertThat(SystemActor.call(() -> quotas.view(demo.tenantId()).used())).isEqualTo(Resources.ZERO);
        assertThat(Virsh.run("list", "--all", "--name")).isEqualTo(domainsBefore);
        try (var files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("filler"));
        }

        Files.delete(DIR.resolve("filler"));
        var after = Actors.as(demo, () -> machines.create(create, AuditSource.API));
        assertThat(Virsh.run("vol-list", POOL)).contains(after.id().toString());
        Actors.as(demo, () -> machines.delete(after.id(), AuditSource.API));
    }

    static String sh(String script) throws Exception {
        var p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`" + script + "` failed: " + out);
        }
        return out;
    }
}
