package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import org.vireo.base.Xml;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds libvirt domain XML from a validated {@link DomainSpec} with the DOM API, so values are escaped by the
 * XML library and never spliced into markup. A domain's XML read back from libvirt is a {@link DomainDocument}.
 */
public final class DomainXml {
    /** libvirt's anti-spoofing filter (package libvirt-daemon-config-nwfilter on Debian). */
    public static final String CLEAN_TRAFFIC = "clean-traffic";
    /** Namespace of Vireo's element in the domain's {@code <metadata>}. */
    public static final String METADATA_NS = "https://vireo.org/xmlns/machine/1";

    private DomainXml() {}

    /** The CD-ROM drive of the ISO library (the cloud-init seed is {@code hdc}). */
    public static final String ISO_DRIVE = "hdd";

    /** A read-only IDE CD-ROM drive {@code dev} holding the raw image {@code file}. */
    static Element cdrom(Element devices, Path file, String dev) {
        Element cd = fileDisk(devices, "cdrom", "raw", file, dev, "ide");
        Xml.child(cd, "readonly");
        return cd;
    }

    /** A disk device {@code dev} on {@code bus} backed by an image file of {@code format}. */
    private static Element fileDisk(Element devices, String device, String format, Path file, String dev, String bus) {
        Element disk = Xml.child(devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", device);
        Element driver = Xml.child(disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        Xml.child(disk, "source").setAttribute("file", file.toString());
        Element target = Xml.child(disk, "target");
        target.setAttribute("dev", dev);
        target.setAttribute("bus", bus);
        return disk;
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
    static void serialPort(Element devices, String domainName, Path log) {
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

    static List<Element> children(Element parent, String name) {
        var result = new ArrayList<Element>();
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e
                    && (name == null || name.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName()))) {
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
            // the guest's trims free space in the overlay, and a storage migration's copy stays sparse
            ((Element) fileDisk(devices, "disk", "qcow2", disk, "vd" + letter++, "virtio")
                            .getElementsByTagName("driver")
                            .item(0))
                    .setAttribute("discard", "unmap");
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
        var addresses = new ArrayList<String>();
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
