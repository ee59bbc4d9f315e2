package org.vireo.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Kills and restarts the host's libvirtd, as a crash and its supervisor would (systemd where it runs). */
public final class Libvirtd {
    private Libvirtd() {}

    /** The host's own daemon only (by its pid file): a second one (scripts/second-libvirtd) is left alone. */
    public static void kill() throws Exception {
        sh("pid=$(cat /run/libvirtd.pid); kill -9 $pid; for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || exit 0;"
                + " sleep 0.1; done; exit 1");
    }

    public static void start() throws Exception {
        sh(Files.isDirectory(Path.of("/run/systemd/system")) ? "systemctl start libvirtd" : "libvirtd -d");
        sh("for i in $(seq 1 100); do virsh -c qemu:///system version >/dev/null 2>&1 && exit 0; sleep 0.1; done;"
                + " exit 1");
    }

    public static boolean running() throws Exception {
        return new ProcessBuilder("bash", "-c", "kill -0 $(cat /run/libvirtd.pid 2>/dev/null) 2>/dev/null")
                        .start()
                        .waitFor()
                == 0;
    }

    /** SIGKILL to a guest's QEMU process (found by its {@code -name guest=...}), as an OOM kill would. */
    public static void killGuest(String domainName) throws Exception {
        // "[g]" keeps the pattern from matching this very shell's command line.
        sh("pkill -9 -f '[g]uest=" + domainName + "[, ]'");
    }

    static void sh(String script) throws Exception {
        var p = new ProcessBuilder(List.of("bash", "-c", script))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`" + script + "` failed: " + out);
        }
    }
}
