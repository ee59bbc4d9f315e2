package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.vireo.base.Xml;
import org.vireo.hypervisor.SpecValues;
import org.w3c.dom.Element;

/** Storage pool and volume XML, built with the DOM API from validated values. */
public final class StorageXml {
    private static final Pattern POOL_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private StorageXml() {}

    public static String directoryPool(String name, Path dir) {
        SpecValues.check(POOL_NAME, name, "pool name");
        SpecValues.checkPath("path", dir);
        Element pool = Xml.attr(Xml.root("pool"), "type", "dir");
        Xml.text(pool, "name", name);
        Xml.text(Xml.child(pool, "target"), "path", dir.toString());
        return Xml.serialize(pool);
    }

    /** A raw volume of exactly {@code bytes}, to upload a file into. */
    public static String rawVolume(String name, long bytes) {
        SpecValues.check(SpecValues.VOLUME_NAME, name, "volume name");
        if (bytes < 0) {
            throw new IllegalArgumentException("size out of range");
        }
        Element volume = Xml.root("volume");
        Xml.text(volume, "name", name);
        Xml.attr(Xml.text(volume, "capacity", Long.toString(bytes)), "unit", "bytes");
        Xml.attr(Xml.text(volume, "allocation", "0"), "unit", "bytes");
        Element target = Xml.child(volume, "target");
        Xml.attr(Xml.child(target, "format"), "type", "raw");
        Xml.text(Xml.child(target, "permissions"), "mode", "0600");
        return Xml.serialize(volume);
    }

    /** A qcow2 volume of exactly {@code bytes}, optionally an overlay on the qcow2 volume {@code backing}. */
    public static String qcow2VolumeOfBytes(String name, long bytes, Path backing) {
        if (bytes < 1 || bytes > (64L << 40)) {
            throw new IllegalArgumentException("size out of range");
        }
        return qcow2(name, Long.toString(bytes), "bytes", backing, "qcow2");
    }

    /** A qcow2 volume of {@code sizeGiB}, optionally an overlay on a read-only qcow2 {@code backing} image. */
    public static String qcow2Volume(String name, int sizeGiB, Path backing) {
        return qcow2Volume(name, sizeGiB, backing, "qcow2");
    }

    /** As above, the backing image being {@code qcow2} or {@code raw}. */
    public static String qcow2Volume(String name, int sizeGiB, Path backing, String backingFormat) {
        if (!"qcow2".equals(backingFormat) && !"raw".equals(backingFormat)) {
            throw new IllegalArgumentException("backing format " + backingFormat);
        }
        if (sizeGiB < 1 || sizeGiB > 64 * 1024) {
            throw new IllegalArgumentException("size out of range");
        }
        return qcow2(name, Integer.toString(sizeGiB), "GiB", backing, backingFormat);
    }

    private static String qcow2(String name, String capacity, String unit, Path backing, String backingFormat) {
        SpecValues.check(SpecValues.VOLUME_NAME, name, "volume name");
        Element volume = Xml.root("volume");
        Xml.text(volume, "name", name);
        Xml.attr(Xml.text(volume, "capacity", capacity), "unit", unit);
        Element target = Xml.child(volume, "target");
        Xml.attr(Xml.child(target, "format"), "type", "qcow2");
        // qcow2 v3: libvirt's default is v2 (0.10), which cannot keep the dirty bitmaps of backup checkpoints
        Xml.text(target, "compat", "1.1");
        Xml.text(Xml.child(target, "permissions"), "mode", "0600");
        if (backing != null) {
            SpecValues.checkPath("path", backing);
            Element store = Xml.child(volume, "backingStore");
            Xml.text(store, "path", backing.toString());
            Xml.attr(Xml.child(store, "format"), "type", backingFormat);
        }
        return Xml.serialize(volume);
    }
}
