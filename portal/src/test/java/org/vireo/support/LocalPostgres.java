package org.vireo.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A throw-away PostgreSQL server from the host's Debian packages (installed by scripts/setup-host), started by the
 * test itself in a temporary directory on a free loopback port. As root it runs as the {@code postgres} user,
 * because PostgreSQL refuses to run as root.
 */
public final class LocalPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    public final int port;
    private final boolean root;

    private LocalPostgres(Path bin, Path dir, int port, boolean root) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.root = root;
    }

    public static LocalPostgres start() throws IOException, InterruptedException {
        Path bin;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.max(Comparator.naturalOrder()).orElseThrow().resolve("bin");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("vireo-pg");
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var pg = new LocalPostgres(bin, dir, port, root);
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        pg.asOwner(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                "vireo",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync"));
        pg.asOwner(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-w",
                "-t",
                "60",
                "-l",
                dir.resolve("pg.log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start"));
        pg.asOwner(List.of(
                bin.resolve("createdb").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "vireo",
                "vireo"));
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/vireo";
    }

    private void asOwner(List<String> cmd) throws IOException, InterruptedException {
        var full = new ArrayList<String>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        run(full);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        asOwner(List.of(
                bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        run(List.of("rm", "-rf", dir.toString()));
    }
}
