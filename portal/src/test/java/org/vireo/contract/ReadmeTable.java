package org.vireo.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The endpoints of README's "REST API v1" table, per row: {@code METHOD /path} with alternatives expanded. */
final class ReadmeTable {
    private static final Pattern CALL = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) (/[^` ]+)`");

    private ReadmeTable() {}

    /** Row (its first cell) → the endpoints it names. */
    static Map<String, Set<String>> rows(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf("\n## REST API v1");
        int end = text.indexOf("\n## ", start + 1);
        var rows = new LinkedHashMap<String, Set<String>>();
        for (String line : text.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String call = line.substring(1, line.indexOf(" | "));
            var endpoints = new LinkedHashSet<String>();
            var m = CALL.matcher(call);
            while (m.find()) {
                String path = m.group(2).replace("\\|", "|");
                if (path.contains("?")) {
                    path = path.substring(0, path.indexOf('?'));
                }
                int slash = path.lastIndexOf('/');
                for (String last : path.substring(slash + 1).split("\\|")) {
                    endpoints.add(m.group(1) + " " + path.substring(0, slash + 1) + last);
                }
            }
            rows.put(call.strip(), endpoints);
        }
        return rows;
    }
}
