package org.vireo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the browser tests launch the built portal: the jar extracted as Spring Boot lays it out for production
 * ({@code -Djarmode=tools extract}) with a class-data archive written by one training start, once per build of the
 * jar. A start takes about half as long here (31 s from the jar, 21 s extracted, 15 s with the archive), and the
 * browser tests start about twenty portals. The jar contract itself is tested from the jar (the portal's
 * {@code PortalJar} tests, and {@code RebuildWhileRunningTest} through {@code scripts/run-portal}). When extracting
 * or training fails, portals start from the jar as before.
 */
final class PortalLaunch {
    private static List<String> prefix;

    private PortalLaunch() {}

    /** The command up to the portal's own arguments: java, its options and the jar to run. */
    static synchronized List<String> command(Path jar) {
        if (prefix == null) {
            prefix = prepare(jar);
        }
        return prefix;
    }

    private static List<String> prepare(Path jar) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> plain = List.of(java, "-Xmx768m", "-jar", jar.toString());
        Path dir = Path.of("target/portal-launch").toAbsolutePath();
        Path app = dir.resolve("app");
        Path extracted = app.resolve("vireo.jar");
        Path archive = dir.resolve("vireo.jsa");
        try {
            String stamp = jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar);
            Path stampFile = dir.resolve("stamp");
            if (!(Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp))) {
                delete(dir);
                Files.createDirectories(dir);
                run(
                        List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", app + ""),
                        Map.of(),
                        dir.resolve("extract.log"));
                // the training start ends once the context is refreshed and writes the classes it loaded
                Path data = Files.createTempDirectory("vireo-cds-training");
                run(
                        List.of(
                                java,
                                "-Xmx768m",
                                "-XX:ArchiveClassesAtExit=" + archive,
                                "-Dspring.context.exit=onRefresh",
                                "-jar",
                                extracted.toString(),
                                "--server.port=" + VireoServer.freePort()),
                        Map.of(
                                "VIREO_DATA_DIR",
                                data.toString(),
                                "VIREO_ADMIN_PASSWORD",
                                VireoServer.ADMIN_PASSWORD,
                                "VIREO_DEMO_PASSWORD",
                                VireoServer.DEMO_PASSWORD,
                                "VIREO_DEMO_MACHINE",
                                "false",
                                "VIREO_DEMO_DEBIAN",
                                "false",
                                "VIREO_CONSOLE_PORT",
                                Integer.toString(VireoServer.freePort())),
                        dir.resolve("training.log"));
                delete(data);
                if (Files.isRegularFile(extracted)) {
                    Files.writeString(stampFile, stamp);
                }
            }
            if (!Files.isRegularFile(extracted)) {
                return plain;
            }
            var command = new ArrayList<>(List.of(java, "-Xmx768m"));
            if (Files.isRegularFile(archive)) {
                command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            }
            command.addAll(List.of("-jar", extracted.toString()));
            return List.copyOf(command);
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("portal launch: starting from the jar (" + e + ")");
            return plain;
        }
    }

    private static void run(List<String> command, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        var process = pb.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no end within 180 s; see " + log);
        }
    }

    private static void delete(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
