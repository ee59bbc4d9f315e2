package org.vireo.support;

/** Runs a bash script for a test (mounting a small file system, filling it, calling host tools). */
public final class Shell {
    private Shell() {}

    /** The script's output (errors included); fails the test when it exits with an error. */
    public static String run(String script) throws Exception {
        var p = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`" + script + "` failed: " + out);
        }
        return out;
    }
}
