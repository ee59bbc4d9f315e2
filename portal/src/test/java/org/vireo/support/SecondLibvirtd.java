package org.vireo.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The second, independent libvirtd of scripts/second-libvirtd, for the fault and contract tests (several hosts are
 * tested on lab hosts, {@link LabHost}).
 */
public final class SecondLibvirtd {
    private SecondLibvirtd() {}

    /** Starts it unless it answers already, without Vireo domains left from earlier runs; returns its URI. */
    public static String start() throws Exception {
        String uri = run("../scripts/second-libvirtd", "start").strip();
        for (String name : virsh(uri, "list", "--all", "--name").split("\n")) {
            if (name.strip().startsWith("vireo-")) {
                virsh(uri, "destroy", name.strip());
                virsh(uri, "undefine", name.strip());
            }
        }
        for (String line : virsh(uri, "vol-list", "vireo").split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith("vireo-")) {
                virsh(uri, "vol-delete", "--pool", "vireo", name); // template copies of earlier runs
            }
        }
        return uri;
    }

    public static void stop() throws Exception {
        run("../scripts/second-libvirtd", "stop");
    }

    /** {@code virsh -c uri args…}, its output (errors included). */
    public static String virsh(String uri, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("virsh", "-c", uri));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private static String run(String... cmd) throws Exception {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
