package org.vireo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No Java line of the build (the three modules and bench/) is longer than 120 characters. The formatter
 * (spotless in ../pom.xml) keeps code within that width but leaves comments and string literals as written.
 */
class SourceLinesTest {
    private static final int WIDTH = 120;

    @Test
    void noJavaLineIsWiderThan120Characters() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> wide = new ArrayList<>();
        for (String dir : List.of("console-proxy/src", "portal/src", "playwright-tests/src", "bench")) {
            try (var files = Files.walk(root.resolve(dir))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).length() > WIDTH) {
                            wide.add(root.relativize(file) + ":" + (i + 1) + " ("
                                    + lines.get(i).length() + ")");
                        }
                    }
                }
            }
        }
        assertThat(wide).as("lines over %d characters", WIDTH).isEmpty();
    }
}
