package org.vireo.hypervisor.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names of volumes copied from the portal's files by their content: {@code vireo-tpl-<id>.base} becomes
 * {@code vireo-tpl-<id>.<first 16 hex digits of the file's sha256>.base}, so a changed file (an updated rescue
 * kernel) is copied anew instead of the host keeping the old one. A file is hashed once per size and modification
 * time in this process.
 */
final class ContentNames {
    private record Seen(Path file, long size, long modified) {}

    private static final Map<Seen, String> KEYS = new ConcurrentHashMap<>();

    private ContentNames() {}

    static String of(String volumeName, Path source) throws IOException {
        int dot = volumeName.lastIndexOf('.');
        String key = key(source);
        return dot < 0 ? volumeName + "." + key : volumeName.substring(0, dot) + "." + key + volumeName.substring(dot);
    }

    static String key(Path source) throws IOException {
        var seen = new Seen(
                source.toAbsolutePath().normalize(),
                Files.size(source),
                Files.getLastModifiedTime(source).toMillis());
        var known = KEYS.get(seen);
        if (known != null) {
            return known;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(source), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String key = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        KEYS.put(seen, key);
        return key;
    }
}
