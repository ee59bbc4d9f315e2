package org.vireo.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portal's own header reader against images made by qemu-img, the tool users make them with. */
class ImageHeaderTest {
    @TempDir
    Path dir;

    @Test
    void plainQcow2() throws Exception {
        var h = ImageHeader.read(qemuImg("plain.qcow2", "-f qcow2", "3G"));
        assertThat(h).isEqualTo(new ImageHeader("qcow2", 3L << 30, false, false, false));
    }

    @Test
    void qcow2Version2() throws Exception {
        var h = ImageHeader.read(qemuImg("v2.qcow2", "-f qcow2 -o compat=0.10", "1G"));
        assertThat(h.format()).isEqualTo("qcow2");
        assertThat(h.virtualSizeBytes()).isEqualTo(1L << 30);
        assertThat(h.hasBackingFile() || h.hasDataFile() || h.encrypted()).isFalse();
    }

    @Test
    void backingFile() throws Exception {
        Path base = qemuImg("base.qcow2", "-f qcow2", "1G");
        var h = ImageHeader.read(qemuImg("top.qcow2", "-f qcow2 -F qcow2 -b " + base, "2G"));
        assertThat(h.hasBackingFile()).isTrue();
        assertThat(h.virtualSizeBytes()).isEqualTo(2L << 30);
    }

    @Test
    void externalDataFile() throws Exception {
        var h = ImageHeader.read(qemuImg("df.qcow2", "-f qcow2 -o data_file=" + dir.resolve("data.raw"), "16M"));
        assertThat(h.hasDataFile()).isTrue();
        assertThat(h.hasBackingFile()).isFalse();
    }

    @Test
    void encryptedWithAes() throws Exception {
        var h = ImageHeader.read(qemuImg(
                "aes.qcow2",
                "--object secret,id=s0,data=vireo-test -f qcow2 " + "-o encrypt.format=aes,encrypt.key-secret=s0",
                "16M"));
        assertThat(h.encrypted()).isTrue();
    }

    @Test
    void encryptedWithLuks() throws Exception {
        // qemu-img 7.2 times its PBKDF with the thread's CPU clock and gives up ("Unable to get accurate CPU usage")
        // when a round took under a millisecond, which happens now and then on a fast core: try again.
        Path luks = null;
        for (int i = 0; i < 12 && luks == null; i++) {
            luks = tryQemuImg(
                    "luks" + i + ".qcow2",
                    "--object secret,id=s0,data=vireo-test -f qcow2 " + "-o encrypt.format=luks,encrypt.key-secret=s0",
                    "16M");
        }
        assertThat(luks).as("qemu-img made a LUKS image").isNotNull();
        assertThat(ImageHeader.read(luks).encrypted()).isTrue();
    }

    @Test
    void otherFormatsAreNamedNotTakenForQcow2() throws Exception {
        assertThat(ImageHeader.read(qemuImg("d.vmdk", "-f vmdk", "16M")).format())
                .isEqualTo("vmdk");
        assertThat(ImageHeader.read(qemuImg("d.vdi", "-f vdi", "16M")).format()).isEqualTo("vdi");
        assertThat(ImageHeader.read(qemuImg("d.vhdx", "-f vhdx", "16M")).format())
                .isEqualTo("vhdx");
        assertThat(ImageHeader.read(qemuImg("d.vpc", "-f vpc", "16M")).format()).isEqualTo("vpc");
        var raw = ImageHeader.read(qemuImg("d.raw", "-f raw", "16M"));
        assertThat(raw).isEqualTo(new ImageHeader("raw", 16L << 20, false, false, false));
    }

    @Test
    void garbageWithTheMagicIsRefused() throws Exception {
        Path bad = dir.resolve("bad.qcow2");
        byte[] b = new byte[512];
        b[0] = 'Q';
        b[1] = 'F';
        b[2] = 'I';
        b[3] = (byte) 0xfb;
        b[7] = 9; // version 9
        Files.write(bad, b);
        assertThatThrownBy(() -> ImageHeader.read(bad)).isInstanceOf(IOException.class);
    }

    private Path qemuImg(String name, String options, String size) throws Exception {
        Path file = dir.resolve(name);
        String out = run("qemu-img create -q " + options + " " + file + " " + size);
        assertThat(out).as(out).isEmpty();
        return file;
    }

    /** The image, or null when qemu-img failed. */
    private Path tryQemuImg(String name, String options, String size) throws Exception {
        Path file = dir.resolve(name);
        return run("qemu-img create -q " + options + " " + file + " " + size).isEmpty() ? file : null;
    }

    /** Empty when the command succeeded, else its output and exit code. */
    private static String run(String command) throws Exception {
        var p = new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        return rc == 0 ? "" : "exit " + rc + ": " + out;
    }
}
