package org.vireo.hypervisor.libvirt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A cloud-init NoCloud seed written in memory: an ISO 9660 image with a Joliet tree, one directory holding a few
 * small files (meta-data, user-data, network-config), labelled {@code cidata}. It replaces running
 * {@code genisoimage} on a host: the portal builds the bytes and uploads them through libvirt's storage stream.
 *
 * <p>Layout (2048-byte sectors): system area 0–15, primary descriptor 16, Joliet descriptor 17, terminator 18,
 * the primary and Joliet path tables (L and M) 19–22, the two root directories 23–24, then each file's data once,
 * shared by both trees.
 */
final class SeedIso {
    static final String LABEL = "cidata";
    private static final int SECTOR = 2048;
    private static final int FIRST_DATA = 25;
    private static final Pattern FILE_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,29}$");
    private static final int MAX_FILE = 1 << 20;

    private SeedIso() {}

    /** The image for {@code files} (name → content); names are lower-case words, contents up to 1 MiB each. */
    static byte[] write(Map<String, byte[]> files, Instant now) {
        var sorted = new TreeMap<String, byte[]>();
        files.forEach((name, content) -> {
            if (!FILE_NAME.matcher(name).matches() || content.length > MAX_FILE) {
                throw new IllegalArgumentException("seed file " + name + " not accepted");
            }
            sorted.put(name, content);
        });
        if (sorted.isEmpty() || sorted.size() > 8) {
            throw new IllegalArgumentException("a seed holds 1 to 8 files");
        }
        var date = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
        var entries = new ArrayList<Entry>();
        int next = FIRST_DATA;
        for (var e : sorted.entrySet()) {
            entries.add(new Entry(e.getKey(), e.getValue(), next));
            next += sectors(e.getValue().length);
        }
        int total = next;
        var image = ByteBuffer.allocate(total * SECTOR);

        volumeDescriptor(image, 16, false, total, date);
        volumeDescriptor(image, 17, true, total, date);
        image.position(18 * SECTOR);
        image.put((byte) 255).put("CD001".getBytes(StandardCharsets.US_ASCII)).put((byte) 1);
        pathTable(image, 19, 23, ByteOrder.LITTLE_ENDIAN);
        pathTable(image, 20, 23, ByteOrder.BIG_ENDIAN);
        pathTable(image, 21, 24, ByteOrder.LITTLE_ENDIAN);
        pathTable(image, 22, 24, ByteOrder.BIG_ENDIAN);
        directory(image, 23, entries, false, date);
        directory(image, 24, entries, true, date);
        for (var e : entries) {
            image.position(e.sector * SECTOR);
            image.put(e.content);
        }
        return image.array();
    }

    /**
     * The files of an image {@link #write} made (read from its Joliet directory); an image laid out otherwise is
     * an {@link IllegalArgumentException}.
     */
    static Map<String, byte[]> read(byte[] image) {
        var buffer = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (image.length < FIRST_DATA * SECTOR
                || image[17 * SECTOR] != 2
                || !new String(image, 17 * SECTOR + 1, 5, StandardCharsets.US_ASCII).equals("CD001")
                || buffer.getInt(17 * SECTOR + 156 + 2) != 24) {
            throw new IllegalArgumentException("not a seed written by Vireo");
        }
        var files = new TreeMap<String, byte[]>();
        int at = 24 * SECTOR;
        int end = at + SECTOR;
        while (at < end && (image[at] & 0xff) > 0) {
            int size = image[at] & 0xff;
            int extent = buffer.getInt(at + 2);
            int length = buffer.getInt(at + 10);
            boolean directory = (image[at + 25] & 2) != 0;
            int nameLength = image[at + 32] & 0xff;
            if (!directory) {
                String name = new String(image, at + 33, nameLength, StandardCharsets.UTF_16BE);
                name = name.endsWith(";1") ? name.substring(0, name.length() - 2) : name;
                if (length < 0
                        || length > MAX_FILE
                        || (long) extent * SECTOR + length > image.length
                        || !FILE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("not a seed written by Vireo");
                }
                files.put(name, Arrays.copyOfRange(image, extent * SECTOR, extent * SECTOR + length));
            }
            at += size;
        }
        return files;
    }

    private record Entry(String name, byte[] content, int sector) {}

    private static int sectors(int bytes) {
        return Math.max(1, (bytes + SECTOR - 1) / SECTOR);
    }

    private static void volumeDescriptor(ByteBuffer image, int sector, boolean joliet, int total, ZonedDateTime date) {
        int base = sector * SECTOR;
        image.position(base);
        image.put((byte) (joliet ? 2 : 1))
                .put("CD001".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        text(image, base + 8, 32, "LINUX", joliet);
        text(image, base + 40, 32, LABEL, joliet);
        both32(image, base + 80, total);
        if (joliet) {
            image.position(base + 88);
            image.put("%/E".getBytes(StandardCharsets.US_ASCII)); // UCS-2 level 3
        }
        both16(image, base + 120, 1); // volume set size
        both16(image, base + 124, 1); // volume sequence number
        both16(image, base + 128, SECTOR);
        both32(image, base + 132, 10); // path table size: the root only
        image.order(ByteOrder.LITTLE_ENDIAN).putInt(base + 140, joliet ? 21 : 19);
        image.order(ByteOrder.BIG_ENDIAN).putInt(base + 148, joliet ? 22 : 20);
        image.position(base + 156);
        record(image, joliet ? 24 : 23, SECTOR, true, new byte[] {0}, date);
        text(image, base + 190, 128, "", joliet); // volume set
        text(image, base + 318, 128, "", joliet); // publisher
        text(image, base + 446, 128, "", joliet); // data preparer
        text(image, base + 574, 128, "VIREO", joliet); // application
        text(image, base + 702, 37, "", joliet);
        text(image, base + 739, 37, "", joliet);
        text(image, base + 776, 37, "", joliet);
        image.position(base + 813);
        longDate(image, date);
        longDate(image, date);
        emptyLongDate(image);
        emptyLongDate(image);
        image.put(base + 881, (byte) 1); // file structure version
    }

    private static void pathTable(ByteBuffer image, int sector, int rootSector, ByteOrder order) {
        int base = sector * SECTOR;
        image.put(base, (byte) 1); // length of the root's identifier
        image.order(order).putInt(base + 2, rootSector);
        image.order(order).putShort(base + 6, (short) 1); // parent: itself
        image.order(ByteOrder.BIG_ENDIAN);
    }

    private static void directory(
            ByteBuffer image, int sector, List<Entry> entries, boolean joliet, ZonedDateTime date) {
        image.position(sector * SECTOR);
        record(image, sector, SECTOR, true, new byte[] {0}, date);
        record(image, sector, SECTOR, true, new byte[] {1}, date);
        for (var e : entries) {
            // Primary: upper case with the version suffix (Linux shows "meta-data"); Joliet: the name as it is.
            byte[] name = joliet
                    ? (e.name + ";1").getBytes(StandardCharsets.UTF_16BE)
                    : (e.name.toUpperCase(Locale.ROOT) + ".;1").getBytes(StandardCharsets.US_ASCII);
            record(image, e.sector, e.content.length, false, name, date);
        }
        if (image.position() > (sector + 1) * SECTOR) {
            throw new IllegalStateException("directory larger than a sector");
        }
    }

    private static void record(
            ByteBuffer image, int extent, int length, boolean directory, byte[] name, ZonedDateTime date) {
        int start = image.position();
        int size = 33 + name.length + (name.length % 2 == 0 ? 1 : 0);
        image.put((byte) size).put((byte) 0);
        both32(image, start + 2, extent);
        both32(image, start + 10, length);
        image.position(start + 18);
        image.put((byte) (date.getYear() - 1900))
                .put((byte) date.getMonthValue())
                .put((byte) date.getDayOfMonth())
                .put((byte) date.getHour())
                .put((byte) date.getMinute())
                .put((byte) date.getSecond())
                .put((byte) 0);
        image.put((byte) (directory ? 2 : 0)).put((byte) 0).put((byte) 0);
        both16(image, start + 28, 1);
        image.position(start + 32);
        image.put((byte) name.length).put(name);
        image.position(start + size);
    }

    /** A fixed-width text field padded with spaces: ASCII in the primary descriptor, UCS-2 in Joliet's. */
    private static void text(ByteBuffer image, int at, int width, String value, boolean joliet) {
        var padded = new StringBuilder(value);
        int chars = joliet ? width / 2 : width;
        while (padded.length() < chars) {
            padded.append(' ');
        }
        byte[] bytes = padded.toString().getBytes(joliet ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
        image.position(at);
        image.put(bytes);
        if (joliet && width % 2 == 1) {
            image.put((byte) 0);
        }
    }

    private static void longDate(ByteBuffer image, ZonedDateTime d) {
        String s = String.format(
                "%04d%02d%02d%02d%02d%02d00",
                d.getYear(), d.getMonthValue(), d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond());
        image.put(s.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
    }

    private static void emptyLongDate(ByteBuffer image) {
        image.put("0000000000000000".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
    }

    private static void both16(ByteBuffer image, int at, int value) {
        image.order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
        image.order(ByteOrder.BIG_ENDIAN).putShort(at + 2, (short) value);
    }

    private static void both32(ByteBuffer image, int at, int value) {
        image.order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        image.order(ByteOrder.BIG_ENDIAN).putInt(at + 4, value);
    }
}
