package org.vireo.templates;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What an image file's header says, read on the portal (no host tool runs): the format, the virtual size, and for
 * qcow2 whether it names another file (a backing file or an external data file) or is encrypted. Formats other
 * than qcow2 are recognised by their magic so that a file is never taken for what it claims not to be.
 *
 * @param format           {@code qcow2}, {@code raw} or the name of another known format
 * @param virtualSizeBytes the guest-visible size (a raw image's file size)
 */
record ImageHeader(
        String format, long virtualSizeBytes, boolean hasBackingFile, boolean hasDataFile, boolean encrypted) {
    private static final int QCOW_MAGIC = 0x514649fb; // "QFI\xfb"
    private static final long INCOMPATIBLE_DATA_FILE = 1L << 2;
    private static final int EXTENSION_DATA_FILE = 0x44415441;
    private static final int EXTENSION_ENCRYPTION = 0x0537be77;
    private static final int HEADER_READ = 64 * 1024;

    static ImageHeader read(Path file) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            var head = ByteBuffer.allocate((int) Math.min(HEADER_READ, size));
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // read up to 64 KiB: the qcow2 header and its extensions lie in the first cluster
            }
            head.flip();
            if (head.remaining() >= 72 && head.getInt(0) == QCOW_MAGIC) {
                return qcow2(head);
            }
            String other = otherFormat(head, channel);
            return new ImageHeader(other, size, false, false, false);
        }
    }

    private static ImageHeader qcow2(ByteBuffer h) throws IOException {
        int version = h.getInt(4);
        if (version != 2 && version != 3) {
            throw new IOException("qcow2 version " + version + " is not supported");
        }
        boolean backing = h.getLong(8) != 0 && h.getInt(16) != 0;
        long virtualSize = h.getLong(24);
        boolean encrypted = h.getInt(32) != 0;
        boolean dataFile = false;
        int extensions = 72;
        if (version == 3) {
            if (h.remaining() < 104) {
                throw new IOException("truncated qcow2 header");
            }
            dataFile = (h.getLong(72) & INCOMPATIBLE_DATA_FILE) != 0;
            extensions = h.getInt(100);
        }
        // Header extensions: {type, length, data padded to 8 bytes}, ended by type 0.
        int at = extensions;
        while (at >= 72 && at + 8 <= h.limit()) {
            int type = h.getInt(at);
            long length = Integer.toUnsignedLong(h.getInt(at + 4));
            if (type == 0) {
                break;
            }
            dataFile |= type == EXTENSION_DATA_FILE;
            encrypted |= type == EXTENSION_ENCRYPTION;
            long next = at + 8 + ((length + 7) & ~7L);
            if (next > h.limit()) {
                break;
            }
            at = (int) next;
        }
        if (virtualSize <= 0) {
            throw new IOException("qcow2 image without a size");
        }
        return new ImageHeader("qcow2", virtualSize, backing, dataFile, encrypted);
    }

    private static String otherFormat(ByteBuffer h, FileChannel channel) throws IOException {
        if (starts(h, 0, "KDMV") || starts(h, 0, "# Disk DescriptorFile")) {
            return "vmdk";
        }
        if (starts(h, 0, "vhdxfile")) {
            return "vhdx";
        }
        if (starts(h, 0, "QED\0")) {
            return "qed";
        }
        if (starts(h, 0, "LUKS\u00ba\u00be")) {
            return "luks";
        }
        if (h.limit() >= 0x44 && h.getInt(0x40) == 0x7f10dabe) {
            return "vdi";
        }
        if (channel.size() >= 512) {
            var footer = ByteBuffer.allocate(8);
            channel.read(footer, channel.size() - 512);
            if ("conectix".equals(new String(footer.array(), StandardCharsets.ISO_8859_1))) {
                return "vpc";
            }
        }
        return "raw";
    }

    private static boolean starts(ByteBuffer h, int at, String magic) {
        if (h.limit() < at + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((h.get(at + i) & 0xff) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
