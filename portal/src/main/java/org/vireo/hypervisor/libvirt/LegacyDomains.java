package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import org.w3c.dom.Element;

/**
 * Domains defined by older Vireo releases, brought up to what this one defines before they start, in one parse:
 * VNC on a per-run unix socket (it listened on a TCP port), the serial port and console on a socket (they wrote a
 * file, kept as the log), and the guest agent's channel.
 */
final class LegacyDomains {
    private LegacyDomains() {}

    /** The inactive XML as this release defines it, or null when nothing in it was old. */
    static String upgraded(String inactiveXml) {
        var doc = DomainDocument.parse(inactiveXml);
        return upgrade(doc) ? doc.xml() : null;
    }

    /** Brings the definition up to date in place; whether anything in it was old. */
    static boolean upgrade(DomainDocument doc) {
        var devices = doc.devices();
        boolean changed = false;
        if (!hasSocketVnc(devices)) {
            moveVncToSocket(devices);
            changed = true;
        }
        if (!hasSocketSerial(devices)) {
            moveSerialToSocket(doc.name(), devices);
            changed = true;
        }
        if (!hasAgentChannel(devices)) {
            DomainXml.agentChannel(devices);
            changed = true;
        }
        return changed;
    }

    static boolean hasSocketVnc(Element devices) {
        for (var g : DomainXml.children(devices, "graphics")) {
            if (g.getAttribute("type").equals("vnc")) {
                return DomainXml.children(g, "listen").stream()
                        .anyMatch(l -> l.getAttribute("type").equals("socket"));
            }
        }
        return false;
    }

    private static void moveVncToSocket(Element devices) {
        for (var g : DomainXml.children(devices, "graphics")) {
            if (g.getAttribute("type").equals("vnc")) {
                devices.removeChild(g);
            }
        }
        DomainXml.socketVnc(devices);
    }

    static boolean hasSocketSerial(Element devices) {
        return DomainXml.children(devices, "serial").stream()
                .anyMatch(s -> s.getAttribute("type").equals("unix")
                        && DomainXml.children(s, "source").stream()
                                .anyMatch(src -> !src.getAttribute("path").isEmpty()));
    }

    /** The serial port and console on the socket; the file they wrote, if any, kept as the log. */
    private static void moveSerialToSocket(String name, Element devices) {
        Path log = null;
        for (String kind : new String[] {"serial", "console"}) {
            for (var chardev : DomainXml.children(devices, kind)) {
                if (chardev.getAttribute("type").equals("file")) {
                    for (var source : DomainXml.children(chardev, "source")) {
                        if (!source.getAttribute("path").isEmpty()) {
                            log = Path.of(source.getAttribute("path"));
                        }
                    }
                }
                devices.removeChild(chardev);
            }
        }
        DomainXml.serialPort(devices, name, log);
    }

    static boolean hasAgentChannel(Element devices) {
        return DomainXml.children(devices, "channel").stream()
                .flatMap(c -> DomainXml.children(c, "target").stream())
                .anyMatch(t -> DomainXml.AGENT_CHANNEL.equals(t.getAttribute("name")));
    }

    /** For tests: the devices of a domain's XML. */
    static Element devices(String domainXml) {
        return DomainDocument.parse(domainXml).devices();
    }
}
