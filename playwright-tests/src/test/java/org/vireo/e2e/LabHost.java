package org.vireo.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A lab host of the browser tests ({@code scripts/lab-host}): a real remote libvirt host in namespaces of its own,
 * started, looked into and stopped by name.
 */
final class LabHost {
    private final String name;
    private final Map<String, String> env = new java.util.HashMap<>();

    LabHost(String name) {
        this.name = name;
    }

    /** Environment for the script (its console proxy's {@code VIREO_CONSOLE_SECRET}, {@code VIREO_CONSOLE_ORIGINS}). */
    LabHost with(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Starts it (nothing when it runs); its libvirt URI. */
    String start() throws Exception {
        String out = run("start").strip();
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    void stop() throws Exception {
        run("stop");
    }

    /** A command run inside it; its output. */
    String exec(String... command) throws Exception {
        var args = new ArrayList<String>(List.of("exec"));
        args.addAll(List.of(command));
        return run(args.toArray(String[]::new));
    }

    /** Another of the script's commands for this lab ({@code uri}, {@code migration-address}, ...). */
    String run(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("../scripts/lab-host", args[0], name));
        cmd.addAll(List.of(args).subList(1, args.length));
        return shell(env, cmd.toArray(String[]::new));
    }

    /** A command that must succeed; its output, errors included. */
    static String shell(String... cmd) throws Exception {
        return shell(Map.of(), cmd);
    }

    private static String shell(Map<String, String> env, String... cmd) throws Exception {
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        var p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }
}
