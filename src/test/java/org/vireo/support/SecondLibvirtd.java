package org.vireo.support;

/** The second, independent libvirtd of scripts/second-libvirtd: a second hypervisor host for tests. */
public final class SecondLibvirtd {
    private SecondLibvirtd() {
    }

    /** Starts it unless it answers already, without Vireo domains left from earlier runs; returns its URI. */
    public static String start() throws Exception {
        String uri = run("scripts/second-libvirtd", "start").strip();
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
        run("scripts/second-libvirtd", "stop");
    }

    /** The ticket key the portal under test shares with the standalone proxy next to the second daemon. */
    public static final byte[] CONSOLE_SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    /**
     * Starts the console-proxy jar next to the second daemon, in its mount namespace (it opens that daemon's
     * per-run VNC sockets, which the portal's own proxy cannot see), on a free loopback port; log in
     * target/standalone-proxy.log. Returns the proxy and its URL.
     */
    public static StandaloneProxy startConsoleProxy() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        java.nio.file.Path jar;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("console-proxy/target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-standalone.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("build console-proxy first (scripts/test does)"));
        }
        String pid = java.nio.file.Files.readString(java.nio.file.Path.of(DIR, "run/libvirtd.pid")).strip();
        var pb = new ProcessBuilder("nsenter", "--mount=/proc/" + pid + "/ns/mnt", "--",
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString()).redirectErrorStream(true)
                .redirectOutput(java.nio.file.Path.of("target/standalone-proxy.log").toFile());
        pb.environment().put("VIREO_CONSOLE_SECRET", java.util.Base64.getEncoder().encodeToString(CONSOLE_SECRET));
        pb.environment().put("VIREO_CONSOLE_PORT", Integer.toString(port));
        pb.environment().put("VIREO_CONSOLE_BIND", "127.0.0.1");
        pb.environment().put("VIREO_CONSOLE_ORIGINS", "http://localhost:8080");
        return new StandaloneProxy(pb.start(), "ws://127.0.0.1:" + port + "/console");
    }

    /** A console-proxy process and the URL browsers reach it at. */
    public record StandaloneProxy(Process process, String url) {
        public void stop() {
            process.destroy();
        }
    }

    private static final String DIR = System.getenv().getOrDefault("VIREO_SECOND_LIBVIRTD_DIR",
            "/var/lib/vireo-host2");

    /** {@code virsh -c uri args…}, its output (errors included). */
    public static String virsh(String uri, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(java.util.List.of("virsh", "-c", uri));
        cmd.addAll(java.util.List.of(args));
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
