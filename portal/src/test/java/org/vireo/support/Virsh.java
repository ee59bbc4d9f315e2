package org.vireo.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Asks the host's libvirt directly, to check what Vireo left (or did not leave) there. */
public final class Virsh {
    private Virsh() {}

    public static String run(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("virsh", "-c", "qemu:///system"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    /** Every domain's name, sorted (virsh lists running domains first, so its order changes with their state). */
    public static SortedSet<String> domainNames() throws Exception {
        var names = new TreeSet<String>();
        for (String line : run("list", "--all", "--name").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }
}
