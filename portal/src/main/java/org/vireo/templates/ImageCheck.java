package org.vireo.templates;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vireo.base.InvalidInputException;

/**
 * Whether a file may become a base image, read from its header on the portal: qcow2 or raw, the format it was
 * said to be, self-contained (no backing or external data file: the known way a qcow2 makes QEMU read a host's
 * files), not encrypted, and neither its virtual nor its actual size above the cap. Refusals name the reason.
 */
final class ImageCheck {
    private static final long GIB = 1L << 30;

    /** {@code minDiskGiB}: the virtual size rounded up, what a machine's disk needs at least. */
    record Checked(String format, long virtualSizeBytes, int minDiskGiB) {}

    private ImageCheck() {}

    /** {@code null}, {@code qcow2} or {@code raw} (else refused at {@code field}). */
    static String format(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String f = value.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("qcow2") && !f.equals("raw") && !f.equals("iso")) {
            throw new InvalidInputException(field, "templates.format-unknown");
        }
        return f;
    }

    /** An ISO 9660 image ("CD001" in its first volume descriptor, at 32769), not larger than the cap. */
    private static Checked iso(String field, Path file, long size, int maxGiB) {
        if (!isIso(field, file)) {
            throw new InvalidInputException(field, "templates.iso-invalid");
        }
        if (size > maxGiB * GIB) {
            throw new InvalidInputException(field, "templates.image-too-large", maxGiB);
        }
        return new Checked("iso", size, 1);
    }

    /** Whether the file has an ISO 9660 primary volume descriptor ("CD001" at 32769). */
    private static boolean isIso(String field, Path file) {
        byte[] magic = new byte[5];
        try (var channel = FileChannel.open(file)) {
            var buffer = ByteBuffer.wrap(magic);
            while (buffer.hasRemaining() && channel.read(buffer, 32769 + buffer.position()) > 0) {
                // the standard identifier of the primary volume descriptor
            }
        } catch (IOException e) {
            throw new InvalidInputException(field, "templates.image-unreadable");
        }
        return "CD001".equals(new String(magic, StandardCharsets.US_ASCII));
    }

    /**
     * {@code claimed} null: whatever the file is, of qcow2, raw and iso. An ISO 9660 image is {@code iso} also when
     * claimed raw: it never becomes a disk template.
     */
    static Checked check(String field, Path file, String claimed, int maxGiB) {
        ImageHeader header;
        long actual;
        try {
            header = ImageHeader.read(file);
            actual = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(field, "templates.image-unreadable");
        }
        if ("iso".equals(claimed)) {
            return iso(field, file, actual, maxGiB);
        }
        String format = header.format();
        if (format.equals("raw") && (claimed == null || claimed.equals("raw")) && isIso(field, file)) {
            return iso(field, file, actual, maxGiB);
        }
        if (format.equals("luks")) {
            throw new InvalidInputException(field, "templates.image-encrypted");
        }
        if (claimed != null && !claimed.equals(format)) {
            throw new InvalidInputException(field, "templates.image-format-mismatch", claimed, format);
        }
        if (!format.equals("qcow2") && !format.equals("raw")) {
            throw new InvalidInputException(field, "templates.image-format-unsupported", format);
        }
        if (header.hasBackingFile() || header.hasDataFile()) {
            throw new InvalidInputException(field, "templates.image-external-file");
        }
        if (header.encrypted()) {
            throw new InvalidInputException(field, "templates.image-encrypted");
        }
        long cap = maxGiB * GIB;
        if (header.virtualSizeBytes() > cap || actual > cap) {
            throw new InvalidInputException(field, "templates.image-too-large", maxGiB);
        }
        if (format.equals("raw") && (actual == 0 || actual % 512 != 0)) {
            throw new InvalidInputException(field, "templates.image-raw-size");
        }
        int minDisk = (int) Math.max(1, (header.virtualSizeBytes() + GIB - 1) / GIB);
        return new Checked(format, header.virtualSizeBytes(), minDisk);
    }
}
