package org.vireo.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;

/**
 * A guest's QEMU is not root (scripts/setup-host: user libvirt-qemu, group kvm, libvirt's DAC driver): with its
 * credentials it reads its own disk, but not a stopped machine's disk, the host's secrets or the portal's files.
 */
@IntegrationTest
class GuestConfinementIT {
    @Autowired
    DemoTenant demo;

    @Test
    void qemuRunsUnprivilegedAndCannotOpenFilesBeyondItsOwnDisks() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var running = demo.create("confined-" + suffix, true);
        var stopped = demo.create("other-" + suffix, false);
        try {
            String pid = Files.readString(Path.of("/run/libvirt/qemu/" + running.domainName() + ".pid"))
                    .strip();
            var status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            String uid = field(status, "Uid:");
            String gid = field(status, "Gid:");
            String groups = status.stream()
                    .filter(l -> l.startsWith("Groups:"))
                    .findFirst()
                    .orElse("Groups:")
                    .substring("Groups:".length())
                    .strip()
                    .replace(' ', ',');
            assertThat(uid).isNotEqualTo("0");
            assertThat(gid).isNotEqualTo("0");
            assertThat(("," + groups + ",")).doesNotContain(",0,");

            Path ownDisk = diskOf(running.domainName());
            Path otherDisk = diskOf(stopped.domainName());
            // The probe works: with the guest's credentials its own disk opens.
            assertThat(readAs(uid, gid, groups, ownDisk)).isTrue();
            assertThat(readAs(uid, gid, groups, otherDisk))
                    .as("a stopped machine's disk")
                    .isFalse();
            assertThat(readAs(uid, gid, groups, Path.of("/etc/shadow"))).isFalse();
            Path portalFile = Files.createTempFile("vireo-portal-secret", ".txt");
            try {
                Files.writeString(portalFile, "secret");
                Files.setPosixFilePermissions(portalFile, PosixFilePermissions.fromString("rw-------"));
                assertThat(readAs(uid, gid, groups, portalFile))
                        .as("a file of the portal's")
                        .isFalse();
            } finally {
                Files.deleteIfExists(portalFile);
            }
        } finally {
            demo.delete(running.id());
            demo.delete(stopped.id());
        }
    }

    private static String field(List<String> status, String name) {
        return status.stream()
                .filter(l -> l.startsWith(name))
                .findFirst()
                .orElseThrow()
                .substring(name.length())
                .strip()
                .split("\\s+")[1]; // real, effective, saved, fs: the effective
    }

    private static Path diskOf(String domain) throws Exception {
        return Path.of(
                Virsh.run("vol-path", "--pool", "vireo", domain + ".qcow2").strip());
    }

    /** Whether a process with these credentials (and no capabilities) can open the file for reading. */
    private static boolean readAs(String uid, String gid, String groups, Path file) throws Exception {
        var cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid));
        cmd.add(groups.isEmpty() ? "--clear-groups" : "--groups=" + groups);
        cmd.addAll(List.of("--inh-caps=-all", "--bounding-set=-all", "--", "head", "-c", "1", file.toString()));
        var p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor() == 0;
    }
}
