package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.DomainXml.METADATA_NS;
import static org.vireo.hypervisor.libvirt.DomainXml.children;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vireo.base.Xml;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.SpecValues;
import org.w3c.dom.Element;

/**
 * A domain's XML as libvirt gave it, parsed once: what Vireo reads of it, and the changes it makes to a definition
 * before defining it again ({@link #xml}). Everything Vireo does not change is kept as it was.
 */
final class DomainDocument {
    /** The elements of {@code <os>} that say what boots; a rescue keeps the machine's own in its metadata. */
    private static final Set<String> BOOT = Set.of("kernel", "initrd", "cmdline", "boot");

    private static final String SAVED_BOOT = "vireo:normal-boot";

    private final Element domain;

    private DomainDocument(Element domain) {
        this.domain = domain;
    }

    static DomainDocument parse(String domainXml) {
        return new DomainDocument(Xml.parse(domainXml).getDocumentElement());
    }

    /** The document as XML again, with the changes made to it. */
    String xml() {
        return Xml.serialize(domain);
    }

    String name() {
        return children(domain, "name").get(0).getTextContent();
    }

    Element devices() {
        var list = children(domain, "devices");
        if (list.isEmpty()) {
            throw new IllegalArgumentException("domain XML without devices");
        }
        return list.get(0);
    }

    // --- sizes, boot and media --------------------------------------------------------------------------------

    /** New vCPU and memory sizes (memory and currentMemory in MiB). */
    DomainDocument resize(int vcpus, int memoryMiB) {
        if (vcpus < 1 || memoryMiB < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        for (String name : new String[] {"vcpu", "memory", "currentMemory"}) {
            for (var e : children(domain, name)) {
                e.setTextContent(Integer.toString(name.equals("vcpu") ? vcpus : memoryMiB));
                if (!name.equals("vcpu")) {
                    e.setAttribute("unit", "MiB");
                }
            }
        }
        return this;
    }

    /**
     * Boots {@code rescue} (a kernel and initrd in RAM) with its disks attached as they are; what it booted before
     * is kept in Vireo's metadata element for {@link #unrescue}. Already rescued: the rescue system is replaced,
     * the saved boot kept.
     */
    DomainDocument rescue(DomainSpec.KernelBoot rescue) {
        var os = children(domain, "os").get(0);
        var vireo = vireoMetadata();
        boolean saved = !children(vireo, "normal-boot").isEmpty();
        Element keep = saved ? null : domain.getOwnerDocument().createElementNS(METADATA_NS, SAVED_BOOT);
        for (var e : bootElements(os)) {
            os.removeChild(e);
            if (keep != null) {
                keep.appendChild(e);
            }
        }
        if (keep != null) {
            vireo.appendChild(keep);
        }
        Xml.text(os, "kernel", rescue.kernel().toString());
        if (rescue.initrd() != null) {
            Xml.text(os, "initrd", rescue.initrd().toString());
        }
        Xml.text(os, "cmdline", rescue.cmdline());
        return this;
    }

    /** Back to the boot {@link #rescue} saved (unchanged when the domain is not rescued). */
    DomainDocument unrescue() {
        var vireo = vireoMetadata();
        var saved = children(vireo, "normal-boot");
        if (saved.isEmpty()) {
            return this;
        }
        var os = children(domain, "os").get(0);
        bootElements(os).forEach(os::removeChild);
        for (var e : children(saved.get(0), null)) {
            var plain = domain.getOwnerDocument().createElement(localName(e));
            var attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                plain.setAttribute(
                        attributes.item(i).getNodeName(), attributes.item(i).getNodeValue());
            }
            plain.setTextContent(e.getTextContent());
            os.appendChild(plain);
        }
        vireo.removeChild(saved.get(0));
        return this;
    }

    /** Whether the domain boots a rescue system ({@link #rescue}). */
    boolean isRescued() {
        return !children(vireoMetadata(), "normal-boot").isEmpty();
    }

    private static List<Element> bootElements(Element os) {
        return children(os, null).stream()
                .filter(e -> BOOT.contains(localName(e)))
                .toList();
    }

    private static String localName(Element e) {
        return e.getLocalName() == null ? e.getTagName() : e.getLocalName();
    }

    private Element vireoMetadata() {
        var found = domain.getElementsByTagNameNS(METADATA_NS, "machine");
        if (found.getLength() == 0) {
            throw new IllegalArgumentException("not a Vireo domain: no Vireo metadata");
        }
        return (Element) found.item(0);
    }

    /**
     * {@code iso} in a CD-ROM drive the domain boots from first (then its disk), or that drive removed and its disk
     * booting again ({@code iso} null).
     */
    DomainDocument withIso(Path iso) {
        var devices = devices();
        var drive = disk(DomainXml.ISO_DRIVE);
        if (drive != null) {
            devices.removeChild(drive);
        }
        for (var d : children(devices, "disk")) {
            children(d, "boot").forEach(d::removeChild);
        }
        var os = children(domain, "os").get(0);
        children(os, "boot").forEach(os::removeChild);
        var disk = disk("vda");
        if (iso == null) {
            if (children(os, "kernel").isEmpty()) {
                Xml.child(os, "boot").setAttribute("dev", "hd");
            }
            return this;
        }
        SpecValues.checkPath("iso", iso);
        Element cd = DomainXml.cdrom(devices, iso, DomainXml.ISO_DRIVE);
        Xml.child(cd, "boot").setAttribute("order", "1");
        if (disk != null) {
            Xml.child(disk, "boot").setAttribute("order", "2");
        }
        return this;
    }

    // --- disks ------------------------------------------------------------------------------------------------

    /** The file behind the disk with target {@code dev} ({@code vda}), or null. */
    Path diskSource(String dev) {
        var disk = disk(dev);
        if (disk == null) {
            return null;
        }
        for (var source : children(disk, "source")) {
            String file = source.getAttribute("file");
            return file.isEmpty() ? null : Path.of(file);
        }
        return null;
    }

    /** The disk {@code dev} on a new file, its old backing chain description removed (libvirt reads it again). */
    DomainDocument withDiskSource(String dev, Path file) {
        SpecValues.checkPath("disk", file);
        var disk = disk(dev);
        if (disk == null) {
            throw new IllegalArgumentException("the domain has no disk " + dev);
        }
        for (var store : children(disk, "backingStore")) {
            disk.removeChild(store);
        }
        for (var source : children(disk, "source")) {
            disk.removeChild(source);
        }
        var source = disk.getOwnerDocument().createElement("source");
        source.setAttribute("file", file.toString());
        disk.insertBefore(source, disk.getFirstChild());
        return this;
    }

    /**
     * The XML of a disk-only external snapshot of this domain: disk {@code dev} continues on {@code overlay} (a new
     * qcow2 file libvirt creates), every other disk (the cloud-init CD-ROM) is left out.
     */
    String diskSnapshot(String snapshotName, String dev, Path overlay) {
        SpecValues.checkPath("overlay", overlay);
        SpecValues.check(SpecValues.VOLUME_NAME, snapshotName, "snapshot name");
        Element snapshot = Xml.root("domainsnapshot");
        Xml.text(snapshot, "name", snapshotName);
        Xml.child(snapshot, "memory").setAttribute("snapshot", "no");
        Element disks = Xml.child(snapshot, "disks");
        for (var d : children(devices(), "disk")) {
            String target = target(d);
            Element disk = Xml.child(disks, "disk");
            disk.setAttribute("name", target);
            if (target.equals(dev)) {
                disk.setAttribute("snapshot", "external");
                disk.setAttribute("type", "file");
                Xml.child(disk, "driver").setAttribute("type", "qcow2");
                Xml.child(disk, "source").setAttribute("file", overlay.toString());
            } else {
                disk.setAttribute("snapshot", "no");
            }
        }
        return Xml.serialize(snapshot);
    }

    private Element disk(String dev) {
        for (var d : children(devices(), "disk")) {
            if (dev.equals(target(d))) {
                return d;
            }
        }
        return null;
    }

    private static String target(Element disk) {
        var targets = children(disk, "target");
        return targets.isEmpty() ? "" : targets.get(0).getAttribute("dev");
    }

    // --- consoles ---------------------------------------------------------------------------------------------

    /**
     * The serial socket named for a new run, so that a console ticket issued for an earlier run (its socket path
     * signed into it) reaches nothing of this one, not even within its 30 seconds.
     */
    DomainDocument withSerialRun(String run) {
        String path = DomainXml.serialSocketPath(name(), run);
        for (String kind : new String[] {"serial", "console"}) {
            for (var chardev : children(devices(), kind)) {
                if (chardev.getAttribute("type").equals("unix")) {
                    for (var source : children(chardev, "source")) {
                        source.setAttribute("path", path);
                    }
                }
            }
        }
        return this;
    }

    /** The socket the first serial port listens on, or null. */
    String serialSocket() {
        for (var serial : children(devices(), "serial")) {
            if (serial.getAttribute("type").equals("unix")) {
                for (var source : children(serial, "source")) {
                    if (!source.getAttribute("path").isEmpty()) {
                        return source.getAttribute("path");
                    }
                }
            }
        }
        return null;
    }

    /** The socket a running domain's VNC server listens on (of its live XML), or null. */
    String vncSocket() {
        for (var g : children(devices(), "graphics")) {
            if (g.getAttribute("type").equals("vnc")) {
                for (var l : children(g, "listen")) {
                    if (l.getAttribute("type").equals("socket")
                            && !l.getAttribute("socket").isEmpty()) {
                        return l.getAttribute("socket");
                    }
                }
            }
        }
        return null;
    }

    // --- interfaces -------------------------------------------------------------------------------------------

    /**
     * An interface as it runs: its host device, its MAC in lower case (null: none), whether it has a libvirt limit
     * ({@code <bandwidth>}) and whether it is marked for a host's throttle agent (the {@link #LIMITS_NS} metadata).
     */
    record Nic(String dev, String mac, boolean bandwidth, boolean marked) {}

    /**
     * Vireo's metadata for a host's throttle agent ({@code scripts/host-throttle}):
     * {@code <limits><interface mac=".." kilobytesPerSecond=".."/></limits>}, on the running domain only.
     */
    static final String LIMITS_NS = "https://vireo.org/xmlns/limits/1";

    /** A running domain's interfaces that have a host-side device ({@code vnetN}). */
    List<Nic> nics() {
        var marked = new HashSet<String>();
        var marks = domain.getElementsByTagNameNS(LIMITS_NS, "interface");
        for (int i = 0; i < marks.getLength(); i++) {
            marked.add(((Element) marks.item(i)).getAttribute("mac").toLowerCase(Locale.ROOT));
        }
        var result = new ArrayList<Nic>();
        for (var iface : children(devices(), "interface")) {
            String mac = macOf(iface);
            boolean bandwidth = !children(iface, "bandwidth").isEmpty();
            for (var target : children(iface, "target")) {
                if (!target.getAttribute("dev").isEmpty()) {
                    boolean mark = mac != null && marked.contains(mac);
                    result.add(new Nic(target.getAttribute("dev"), mac, bandwidth, mark));
                }
            }
        }
        return result;
    }

    /**
     * The interface with {@code mac} as a device to update, with a limit of {@code kilobytesPerSecond} each way in
     * place of any it had (null: none); null when the domain has no such interface.
     */
    String interfaceWithLimit(String mac, Integer kilobytesPerSecond) {
        var iface = interfaceElement(mac);
        if (iface == null) {
            return null;
        }
        var copy = (Element) iface.cloneNode(true);
        children(copy, "bandwidth").forEach(copy::removeChild);
        if (kilobytesPerSecond != null) {
            var bandwidth = Xml.child(copy, "bandwidth");
            for (String direction : List.of("inbound", "outbound")) {
                Xml.child(bandwidth, direction).setAttribute("average", Integer.toString(kilobytesPerSecond));
            }
        }
        return Xml.serializeElement(copy);
    }

    /** Whether an interface of the domain is on the libvirt network. */
    boolean usesNetwork(String network) {
        return networkInterface(network) != null;
    }

    /** The MAC of the domain's interface on the libvirt network; null without one (or without a MAC in it). */
    String networkInterfaceMac(String network) {
        var iface = networkInterface(network);
        return iface == null ? null : macOf(iface);
    }

    /** The interface's MAC in lower case; null without one. */
    private static String macOf(Element iface) {
        var macs = children(iface, "mac");
        return macs.isEmpty() || macs.get(0).getAttribute("address").isEmpty()
                ? null
                : macs.get(0).getAttribute("address").toLowerCase(Locale.ROOT);
    }

    private Element networkInterface(String network) {
        for (var iface : children(devices(), "interface")) {
            if ("network".equals(iface.getAttribute("type"))) {
                for (var source : children(iface, "source")) {
                    if (network.equals(source.getAttribute("network"))) {
                        return iface;
                    }
                }
            }
        }
        return null;
    }

    /** The interface with {@code mac} as this XML says it (to detach it), or null. */
    String interfaceWithMac(String mac) {
        var iface = interfaceElement(mac);
        return iface == null ? null : Xml.serializeElement(iface);
    }

    private Element interfaceElement(String mac) {
        for (var iface : children(devices(), "interface")) {
            for (var m : children(iface, "mac")) {
                if (m.getAttribute("address").equalsIgnoreCase(mac)) {
                    return iface;
                }
            }
        }
        return null;
    }
}
