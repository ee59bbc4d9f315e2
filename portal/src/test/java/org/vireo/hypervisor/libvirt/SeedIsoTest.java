package org.vireo.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory seed read back by the tools cloud-init's platforms use to find it (blkid) and others (isoinfo). */
class SeedIsoTest {
    @TempDir
    Path dir;

    @Test
    void blkidAndIsoinfoReadTheLabelAndBothTrees() throws Exception {
        var files = new LinkedHashMap<String, byte[]>();
        String userData = "#cloud-config\nhostname: vm-1\n";
        String metaData = "instance-id: 42\n" + "# padding\n".repeat(400); // more than one sector
        files.put("user-data", userData.getBytes(StandardCharsets.UTF_8));
        files.put("meta-data", metaData.getBytes(StandardCharsets.UTF_8));
        files.put("network-config", "version: 2\n".getBytes(StandardCharsets.UTF_8));
        Path iso = dir.resolve("seed.iso");
        Files.write(iso, SeedIso.write(files, Instant.parse("2026-12-03T10:15:30Z")));

        assertThat(run("blkid", "-o", "export", iso.toString()))
                .contains("LABEL=cidata")
                .contains("TYPE=iso9660");
        assertThat(run("isoinfo", "-d", "-i", iso.toString()))
                .contains("Volume id: cidata")
                .contains("Joliet with UCS level 3 found");
        assertThat(run("isoinfo", "-J", "-l", "-i", iso.toString()))
                .contains("meta-data;1", "user-data;1", "network-config;1");
        assertThat(run("isoinfo", "-J", "-i", iso.toString(), "-x", "/user-data;1"))
                .isEqualTo(userData);
        assertThat(run("isoinfo", "-J", "-i", iso.toString(), "-x", "/meta-data;1"))
                .isEqualTo(metaData);
        assertThat(run("isoinfo", "-i", iso.toString(), "-x", "/META-DATA.;1")).isEqualTo(metaData);
    }

    @Test
    void readsBackWhatItWroteAndRefusesOtherImages() {
        var files = new LinkedHashMap<String, byte[]>();
        files.put("user-data", "#cloud-config\n".getBytes(StandardCharsets.UTF_8));
        files.put("meta-data", "instance-id: 42\n".repeat(300).getBytes(StandardCharsets.UTF_8));
        files.put("network-config", "version: 2\n".getBytes(StandardCharsets.UTF_8));
        var read = SeedIso.read(SeedIso.write(files, Instant.now()));
        assertThat(read).containsOnlyKeys("user-data", "meta-data", "network-config");
        files.forEach((name, content) -> assertThat(read.get(name)).isEqualTo(content));
        assertThatThrownBy(() -> SeedIso.read(new byte[64 * 2048])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNamesAndSizesItDoesNotWrite() {
        var bad = new LinkedHashMap<String, byte[]>();
        bad.put("../etc", new byte[1]);
        assertThatThrownBy(() -> SeedIso.write(bad, Instant.now())).isInstanceOf(IllegalArgumentException.class);
        var big = new LinkedHashMap<String, byte[]>();
        big.put("user-data", new byte[(1 << 20) + 1]);
        assertThatThrownBy(() -> SeedIso.write(big, Instant.now())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String run(String... command) throws Exception {
        var p = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
