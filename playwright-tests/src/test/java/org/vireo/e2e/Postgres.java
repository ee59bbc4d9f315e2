package org.vireo.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A throw-away PostgreSQL from the host's Debian packages on a free loopback port, which a test can stop and
 * start again (same data, same port) to play a database outage. As root it runs as the {@code postgres} user.
 */
final class Postgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    final int port;

    private Postgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    static Postgres start() throws IOException, InterruptedException {
        Path bin;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.max(Comparator.naturalOrder()).orElseThrow().resolve("bin");
        }
        Path dir = Files.createTempDirectory("vireo-e2e-pg");
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var pg = new Postgres(bin, dir, port);
        if (root()) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        pg.pg("initdb", "-D", dir.resolve("data").toString(), "-U", "vireo", "-A", "trust", "-E", "UTF8", "--no-sync");
        pg.resume();
        pg.pg("createdb", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "vireo", "vireo");
        return pg;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/vireo";
    }

    /** The server dies at once (no clean shutdown), as on a crash or a cut network. */
    void kill() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
    }

    void resume() throws IOException, InterruptedException {
        pg(
                "pg_ctl",
                "-D",
                dir.resolve("data").toString(),
                "-w",
                "-t",
                "60",
                "-l",
                dir.resolve("pg.log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start");
    }

    /** One SQL statement's result through psql: rows as lines, columns separated by |. */
    String query(String sql) throws IOException, InterruptedException {
        return pg(
                        "psql",
                        "-At",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-U",
                        "vireo",
                        "-d",
                        "vireo",
                        "-c",
                        sql)
                .strip();
    }

    private String pg(String tool, String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<String>();
        if (root()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            kill();
        } catch (IOException alreadyStopped) {
            // stopped by the test
        }
        run(List.of("rm", "-rf", dir.toString()));
    }
}
