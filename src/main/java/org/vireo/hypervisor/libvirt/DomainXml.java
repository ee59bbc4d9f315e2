package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import javax.xml.XMLConstants;
import org.vireo.base.Xml;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.SpecValues;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds libvirt domain XML from a validated {@link DomainSpec} with the DOM API, so values are escaped by the
 * XML library and never spliced into markup.
 */
public final class DomainXml {
    /** libvirt's anti-spoofing filter (package libvirt-daemon-config-nwfilter on Debian). */
    public static final String CLEAN_TRAFFIC = "clean-traffic";
    /** Namespace of Vireo's element in the domain's {@code <metadata>}. */
    public static final String METADATA_NS = "https://vireo.org/xmlns/machine/1";

    private DomainXml() {
    }

    /**
     * A defined domain's XML with new vCPU and memory sizes (memory and currentMemory in MiB); everything else is
     * kept as libvirt gave it.
     */
    public static String resized(String domainXml, int vcpus, int memoryMiB) {
        if (vcpus < 1 || memoryMiB < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        var domain = Xml.parse(domainXml).getDocumentElement();
        for (String name : new String[] {"vcpu", "memory", "currentMemory"}) {
            var list = domain.getElementsByTagName(name);
            for (int i = 0; i < list.getLength(); i++) {
                var e = (Element) list.item(i);
                if (e.getParentNode() != domain) {
                    continue;
                }
                e.setTextContent(Integer.toString(name.equals("vcpu") ? vcpus : memoryMiB));
                if (!name.equals("vcpu")) {
                    e.setAttribute("unit", "MiB");
                }
            }
        }
        return Xml.serialize(domain);
    }

    /** The elements of {@code <os>} that say what boots; a rescue keeps the machine's own in its metadata. */
    private static final java.util.Set<String> BOOT = java.util.Set.of("kernel", "initrd", "cmdline", "boot");
    private static final String SAVED_BOOT = "vireo:normal-boot";

    /**
     * A domain's (inactive) XML booting {@code rescue} (a kernel and initrd in RAM) with its disks attached as
     * they are; what it booted before is kept in Vireo's metadata element for {@link #unrescued}. Already rescued:
     * the rescue system is replaced, the saved boot kept.
     */
    public static String rescued(String domainXml, DomainSpec.KernelBoot rescue) {
        var domain = Xml.parse(domainXml).getDocumentElement();
        var os = children(domain, "os").get(0);
        var vireo = vireoMetadata(domain);
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
        return Xml.serialize(domain);
    }

    /** Back to the boot {@link #rescued} saved (unchanged when the domain is not rescued). */
    public static String unrescued(String domainXml) {
        var domain = Xml.parse(domainXml).getDocumentElement();
        var vireo = vireoMetadata(domain);
        var saved = children(vireo, "normal-boot");
        if (saved.isEmpty()) {
            return domainXml;
        }
        var os = children(domain, "os").get(0);
        bootElements(os).forEach(os::removeChild);
        for (var e : children(saved.get(0), null)) {
            var plain = domain.getOwnerDocument().createElement(e.getLocalName() == null ? e.getTagName()
                    : e.getLocalName());
            var attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                plain.setAttribute(attributes.item(i).getNodeName(), attributes.item(i).getNodeValue());
            }
            plain.setTextContent(e.getTextContent());
            os.appendChild(plain);
        }
        vireo.removeChild(saved.get(0));
        return Xml.serialize(domain);
    }

    /** Whether the domain boots a rescue system ({@link #rescued}). */
    public static boolean isRescued(String domainXml) {
        return !children(vireoMetadata(Xml.parse(domainXml).getDocumentElement()), "normal-boot").isEmpty();
    }

    private static java.util.List<Element> bootElements(Element os) {
        return children(os, null).stream().filter(e -> BOOT.contains(e.getLocalName() == null ? e.getTagName()
                : e.getLocalName())).toList();
    }

    private static Element vireoMetadata(Element domain) {
        var found = domain.getElementsByTagNameNS(METADATA_NS, "machine");
        if (found.getLength() == 0) {
            throw new IllegalArgumentException("not a Vireo domain: no Vireo metadata");
        }
        return (Element) found.item(0);
    }

    /** The CD-ROM drive of the ISO library (the cloud-init seed is {@code hdc}). */
    public static final String ISO_DRIVE = "hdd";

    /**
     * A domain's (inactive) XML with {@code iso} in a CD-ROM drive it boots from first (then its disk), or with
     * that drive removed and its disk booting again ({@code iso} null).
     */
    public static String withIso(String domainXml, Path iso) {
        var domain = Xml.parse(domainXml).getDocumentElement();
        var devices = devices(domain);
        var drive = disk(domain, ISO_DRIVE);
        if (drive != null) {
            devices.removeChild(drive);
        }
        for (var d : children(devices, "disk")) {
            children(d, "boot").forEach(d::removeChild);
        }
        var os = children(domain, "os").get(0);
        children(os, "boot").forEach(os::removeChild);
        var disk = disk(domain, "vda");
        if (iso == null) {
            if (children(os, "kernel").isEmpty()) {
                Xml.child(os, "boot").setAttribute("dev", "hd");
            }
            return Xml.serialize(domain);
        }
        SpecValues.checkPath("iso", iso);
        Element cd = cdrom(devices, iso, ISO_DRIVE);
        Xml.child(cd, "boot").setAttribute("order", "1");
        if (disk != null) {
            Xml.child(disk, "boot").setAttribute("order", "2");
        }
        return Xml.serialize(domain);
    }

    /** A read-only IDE CD-ROM drive {@code dev} holding the raw image {@code file}. */
    private static Element cdrom(Element devices, Path file, String dev) {
        Element cd = Xml.child(devices, "disk");
        cd.setAttribute("type", "file");
        cd.setAttribute("device", "cdrom");
        Element driver = Xml.child(cd, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", "raw");
        Xml.child(cd, "source").setAttribute("file", file.toString());
        Element target = Xml.child(cd, "target");
        target.setAttribute("dev", dev);
        target.setAttribute("bus", "ide");
        Xml.child(cd, "readonly");
        return cd;
    }

    /** The file behind the domain's disk with target {@code dev} ({@code vda}), or null. */
    public static Path diskSource(String domainXml, String dev) {
        var disk = disk(Xml.parse(domainXml).getDocumentElement(), dev);
        if (disk == null) {
            return null;
        }
        for (var source : children(disk, "source")) {
            String file = source.getAttribute("file");
            return file.isEmpty() ? null : Path.of(file);
        }
        return null;
    }

    /**
     * A domain's (inactive) XML with the disk {@code dev} on a new file, its old backing chain description removed
     * (libvirt reads the chain from the image again).
     */
    public static String withDiskSource(String domainXml, String dev, Path file) {
        SpecValues.checkPath("disk", file);
        var domain = Xml.parse(domainXml).getDocumentElement();
        var disk = disk(domain, dev);
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
        return Xml.serialize(domain);
    }

    /**
     * A disk-only external snapshot of the domain described by {@code domainXml}: disk {@code dev} continues on
     * {@code overlay} (a new qcow2 file libvirt creates), every other disk (the cloud-init CD-ROM) is left out.
     */
    public static String diskSnapshot(String domainXml, String snapshotName, String dev, Path overlay) {
        SpecValues.checkPath("overlay", overlay);
        SpecValues.check(SpecValues.VOLUME_NAME, snapshotName, "snapshot name");
        var domain = Xml.parse(domainXml).getDocumentElement();
        Element snapshot = Xml.root("domainsnapshot");
        Xml.text(snapshot, "name", snapshotName);
        Xml.child(snapshot, "memory").setAttribute("snapshot", "no");
        Element disks = Xml.child(snapshot, "disks");
        for (var d : children(devices(domain), "disk")) {
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

    /**
     * VNC on a unix socket that libvirt makes for each run of the domain, in the run's own directory; no TCP port.
     * A console ticket names that socket, so it can reach this machine only, and only while this run lasts (a TCP
     * port is handed to the next machine that starts, which let an unused ticket open another tenant's screen).
     */
    static void socketVnc(Element devices) {
        Element graphics = Xml.child(devices, "graphics");
        graphics.setAttribute("type", "vnc");
        Xml.child(graphics, "listen").setAttribute("type", "socket");
    }

    /**
     * The first serial port (and the console on it) listens on a unix socket named by the domain in libvirt's own
     * directory, which the console proxy next to the host relays (so a ticket reaches this machine only); its
     * output is also kept in {@code log} on the host (virtlogd writes it), when given.
     */
    static void serialPort(Element devices, String domainName, java.nio.file.Path log) {
        String socket = serialSocketPath(domainName);
        for (String kind : new String[] {"serial", "console"}) {
            Element chardev = Xml.child(devices, kind);
            chardev.setAttribute("type", "unix");
            Element source = Xml.child(chardev, "source");
            source.setAttribute("mode", "bind");
            source.setAttribute("path", socket);
            if (log != null) {
                Element file = Xml.child(chardev, "log");
                file.setAttribute("file", log.toString());
                file.setAttribute("append", "on");
            }
            Element target = Xml.child(chardev, "target");
            if (kind.equals("console")) {
                target.setAttribute("type", "serial");
            }
            target.setAttribute("port", "0");
        }
    }

    /** The socket of a domain's first serial port on its host (as defined; each run gets its own, below). */
    public static String serialSocketPath(String domainName) {
        return "/var/lib/libvirt/qemu/" + domainName + ".serial.sock";
    }

    /** The socket of one run of the domain's first serial port: {@code run} is new on every start. */
    public static String serialSocketPath(String domainName, String run) {
        if (!run.matches("^[0-9a-f]{8,32}$")) {
            throw new IllegalArgumentException("run id");
        }
        return "/var/lib/libvirt/qemu/" + domainName + "." + run + ".serial.sock";
    }

    /**
     * The (inactive) XML with its serial socket named for a new run, so that a console ticket issued for an earlier
     * run (its socket path signed into it) reaches nothing of this one, not even within its 30 seconds.
     */
    public static String withSerialRun(String domainXml, String run) {
        var domain = Xml.parse(domainXml).getDocumentElement();
        String path = serialSocketPath(children(domain, "name").get(0).getTextContent(), run);
        var devices = devices(domain);
        for (String kind : new String[] {"serial", "console"}) {
            for (var chardev : children(devices, kind)) {
                if (chardev.getAttribute("type").equals("unix")) {
                    for (var source : children(chardev, "source")) {
                        source.setAttribute("path", path);
                    }
                }
            }
        }
        return Xml.serialize(domain);
    }

    /** The socket a domain's first serial port listens on, or null. */
    public static String serialSocket(String domainXml) {
        var devices = devices(Xml.parse(domainXml).getDocumentElement());
        for (var serial : children(devices, "serial")) {
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

    /** The name of the virtio-serial port qemu-guest-agent opens in the guest. */
    public static final String AGENT_CHANNEL = "org.qemu.guest_agent.0";

    /** A virtio-serial channel for qemu-guest-agent; libvirt picks its host-side socket and talks to it. */
    static void agentChannel(Element devices) {
        Element channel = Xml.child(devices, "channel");
        channel.setAttribute("type", "unix");
        Element target = Xml.child(channel, "target");
        target.setAttribute("type", "virtio");
        target.setAttribute("name", AGENT_CHANNEL);
    }

    /** The socket a running domain's VNC server listens on (from its live XML), or null. */
    public static String vncSocket(String liveXml) {
        var devices = devices(Xml.parse(liveXml).getDocumentElement());
        for (var g : children(devices, "graphics")) {
            if (g.getAttribute("type").equals("vnc")) {
                for (var l : children(g, "listen")) {
                    if (l.getAttribute("type").equals("socket") && !l.getAttribute("socket").isEmpty()) {
                        return l.getAttribute("socket");
                    }
                }
            }
        }
        return null;
    }

    /** The host-side device names ({@code vnetN}) of a running domain's interfaces. */
    public static java.util.List<String> interfaceDevices(String domainXml) {
        var result = new java.util.ArrayList<String>();
        var devices = devices(Xml.parse(domainXml).getDocumentElement());
        for (var iface : children(devices, "interface")) {
            for (var target : children(iface, "target")) {
                if (!target.getAttribute("dev").isEmpty()) {
                    result.add(target.getAttribute("dev"));
                }
            }
        }
        return result;
    }

    static Element devices(Element domain) {
        var list = children(domain, "devices");
        if (list.isEmpty()) {
            throw new IllegalArgumentException("domain XML without devices");
        }
        return list.get(0);
    }

    private static Element disk(Element domain, String dev) {
        for (var d : children(devices(domain), "disk")) {
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

    static java.util.List<Element> children(Element parent, String name) {
        var result = new java.util.ArrayList<Element>();
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null
                    || name.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName()))) {
                result.add(e);
            }
        }
        return result;
    }

    public static String of(DomainSpec spec) {
        Element domain = Xml.root("domain");
        Document doc = domain.getOwnerDocument();
        domain.setAttribute("type", spec.accelerator().domainType());
        Xml.text(domain, "name", spec.name());
        Xml.text(domain, "uuid", spec.machineId().toString());

        Element metadata = Xml.child(domain, "metadata");
        Element machine = doc.createElementNS(METADATA_NS, "vireo:machine");
        machine.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:vireo", METADATA_NS);
        machine.setAttribute("id", spec.machineId().toString());
        if (spec.tenantId() != null) {
            machine.setAttribute("tenant", spec.tenantId().toString());
        }
        metadata.appendChild(machine);

        Xml.text(domain, "memory", Integer.toString(spec.memoryMiB())).setAttribute("unit", "MiB");
        Xml.text(domain, "vcpu", Integer.toString(spec.vcpus()));

        Element os = Xml.child(domain, "os");
        Element type = Xml.text(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        if (spec.kernel() != null) {
            Xml.text(os, "kernel", spec.kernel().kernel().toString());
            if (spec.kernel().initrd() != null) {
                Xml.text(os, "initrd", spec.kernel().initrd().toString());
            }
            Xml.text(os, "cmdline", spec.kernel().cmdline());
        } else {
            Xml.child(os, "boot").setAttribute("dev", "hd");
        }
        Element features = Xml.child(domain, "features");
        Xml.child(features, "acpi");
        Xml.child(features, "apic");
        if (spec.accelerator() == Accelerator.KVM) {
            Xml.child(domain, "cpu").setAttribute("mode", "host-passthrough");
        }
        Xml.text(domain, "on_poweroff", "destroy");
        Xml.text(domain, "on_reboot", "restart");
        Xml.text(domain, "on_crash", "destroy");

        Element devices = Xml.child(domain, "devices");
        char letter = 'a';
        for (Path disk : spec.disks()) {
            Element d = Xml.child(devices, "disk");
            d.setAttribute("type", "file");
            d.setAttribute("device", "disk");
            Element driver = Xml.child(d, "driver");
            driver.setAttribute("name", "qemu");
            driver.setAttribute("type", "qcow2");
            Xml.child(d, "source").setAttribute("file", disk.toString());
            Element target = Xml.child(d, "target");
            target.setAttribute("dev", "vd" + letter++);
            target.setAttribute("bus", "virtio");
        }
        if (spec.cdrom() != null) {
            cdrom(devices, spec.cdrom(), "hdc");
        }
        spec.nics().forEach(nic -> nic(devices, nic));
        serialPort(devices, spec.name(), spec.serialLog());
        agentChannel(devices);
        Element input = Xml.child(devices, "input");
        input.setAttribute("type", "tablet");
        input.setAttribute("bus", "usb");
        socketVnc(devices);
        Xml.child(Xml.child(devices, "video"), "model").setAttribute("type", "vga");
        Xml.child(devices, "memballoon").setAttribute("model", "virtio");
        return Xml.serialize(domain);
    }

    /** One interface as a device of its own, to attach to a defined or running domain. */
    public static String interfaceDevice(DomainSpec.Nic nic) {
        if (nic.mac() == null) {
            throw new IllegalArgumentException("an attached interface needs its MAC");
        }
        Element holder = Xml.root("devices");
        nic(holder, nic);
        return Xml.serializeElement(children(holder, "interface").get(0));
    }

    /** Whether an interface of the domain is on the libvirt network. */
    public static boolean usesNetwork(String domainXml, String network) {
        return networkInterface(domainXml, network) != null;
    }

    /** The MAC of the domain's interface on the libvirt network; null without one (or without a MAC in it). */
    public static String networkInterfaceMac(String domainXml, String network) {
        var iface = networkInterface(domainXml, network);
        if (iface == null) {
            return null;
        }
        var macs = children(iface, "mac");
        return macs.isEmpty() || macs.get(0).getAttribute("address").isEmpty() ? null
                : macs.get(0).getAttribute("address").toLowerCase(java.util.Locale.ROOT);
    }

    private static Element networkInterface(String domainXml, String network) {
        for (var iface : children(devices(Xml.parse(domainXml).getDocumentElement()), "interface")) {
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

    /** The domain's interface with {@code mac} as its definition says it (to detach it), or null. */
    public static String interfaceWithMac(String domainXml, String mac) {
        for (var iface : children(devices(Xml.parse(domainXml).getDocumentElement()), "interface")) {
            for (var m : children(iface, "mac")) {
                if (m.getAttribute("address").equalsIgnoreCase(mac)) {
                    return Xml.serializeElement(iface);
                }
            }
        }
        return null;
    }

    private static void nic(Element devices, DomainSpec.Nic nic) {
        Element iface = Xml.child(devices, "interface");
        iface.setAttribute("type", nic.network() != null ? "network" : "bridge");
        if (nic.mac() != null) {
            Xml.child(iface, "mac").setAttribute("address", nic.mac());
        }
        if (nic.network() != null) {
            Xml.child(iface, "source").setAttribute("network", nic.network());
        } else {
            Xml.child(iface, "source").setAttribute("bridge", nic.bridge());
        }
        Xml.child(iface, "model").setAttribute("type", "virtio");
        Element filter = Xml.child(iface, "filterref");
        filter.setAttribute("filter", nic.filter() != null ? nic.filter() : CLEAN_TRAFFIC);
        var addresses = new java.util.ArrayList<String>();
        if (nic.ipv4() != null) {
            addresses.add(nic.ipv4());
        }
        nic.otherIpv4().stream().filter(a -> !addresses.contains(a)).forEach(addresses::add);
        for (String address : addresses) {
            Element ip = Xml.child(filter, "parameter");
            ip.setAttribute("name", "IP");
            ip.setAttribute("value", address);
        }
    }
}
