package org.vireo.hypervisor;

import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds libvirt domain XML from a validated {@link DomainSpec} with the DOM API, so values are escaped by the
 * XML library and never spliced into markup.
 */
public final class DomainXml {
    /** Namespace of Vireo's element in the domain's {@code <metadata>}. */
    public static final String METADATA_NS = "https://vireo.org/xmlns/machine/1";

    private DomainXml() {
    }

    public static String of(DomainSpec spec) {
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", spec.accelerator().domainType());
        doc.appendChild(domain);
        text(domain, "name", spec.name());
        text(domain, "uuid", spec.machineId().toString());

        Element metadata = child(domain, "metadata");
        Element machine = doc.createElementNS(METADATA_NS, "vireo:machine");
        machine.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:vireo", METADATA_NS);
        machine.setAttribute("id", spec.machineId().toString());
        if (spec.tenantId() != null) {
            machine.setAttribute("tenant", spec.tenantId().toString());
        }
        metadata.appendChild(machine);

        text(domain, "memory", Integer.toString(spec.memoryMiB())).setAttribute("unit", "MiB");
        text(domain, "vcpu", Integer.toString(spec.vcpus()));

        Element os = child(domain, "os");
        Element type = text(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        if (spec.kernel() != null) {
            text(os, "kernel", spec.kernel().kernel().toString());
            if (spec.kernel().initrd() != null) {
                text(os, "initrd", spec.kernel().initrd().toString());
            }
            text(os, "cmdline", spec.kernel().cmdline());
        } else {
            child(os, "boot").setAttribute("dev", "hd");
        }
        Element features = child(domain, "features");
        child(features, "acpi");
        child(features, "apic");
        if (spec.accelerator() == Accelerator.KVM) {
            child(domain, "cpu").setAttribute("mode", "host-passthrough");
        }
        text(domain, "on_poweroff", "destroy");
        text(domain, "on_reboot", "restart");
        text(domain, "on_crash", "destroy");

        Element devices = child(domain, "devices");
        char letter = 'a';
        for (Path disk : spec.disks()) {
            Element d = child(devices, "disk");
            d.setAttribute("type", "file");
            d.setAttribute("device", "disk");
            Element driver = child(d, "driver");
            driver.setAttribute("name", "qemu");
            driver.setAttribute("type", "qcow2");
            child(d, "source").setAttribute("file", disk.toString());
            Element target = child(d, "target");
            target.setAttribute("dev", "vd" + letter++);
            target.setAttribute("bus", "virtio");
        }
        if (spec.network() != null) {
            Element iface = child(devices, "interface");
            iface.setAttribute("type", "network");
            child(iface, "source").setAttribute("network", spec.network());
            child(iface, "model").setAttribute("type", "virtio");
        }
        Element serial = child(devices, "serial");
        if (spec.serialLog() != null) {
            serial.setAttribute("type", "file");
            child(serial, "source").setAttribute("path", spec.serialLog().toString());
        } else {
            serial.setAttribute("type", "pty");
        }
        child(serial, "target").setAttribute("port", "0");
        Element console = child(devices, "console");
        console.setAttribute("type", spec.serialLog() != null ? "file" : "pty");
        if (spec.serialLog() != null) {
            child(console, "source").setAttribute("path", spec.serialLog().toString());
        }
        Element consoleTarget = child(console, "target");
        consoleTarget.setAttribute("type", "serial");
        consoleTarget.setAttribute("port", "0");
        Element input = child(devices, "input");
        input.setAttribute("type", "tablet");
        input.setAttribute("bus", "usb");
        // VNC only on loopback, port chosen by libvirt; the console proxy is the only way to it.
        Element graphics = child(devices, "graphics");
        graphics.setAttribute("type", "vnc");
        graphics.setAttribute("port", "-1");
        graphics.setAttribute("autoport", "yes");
        graphics.setAttribute("listen", "127.0.0.1");
        Element listen = child(graphics, "listen");
        listen.setAttribute("type", "address");
        listen.setAttribute("address", "127.0.0.1");
        child(child(devices, "video"), "model").setAttribute("type", "vga");
        child(devices, "memballoon").setAttribute("model", "virtio");
        return serialize(doc);
    }

    private static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    private static Element text(Element parent, String name, String value) {
        Element e = child(parent, name);
        e.setTextContent(value);
        return e;
    }

    private static Document newDocument() {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Document doc) {
        try {
            var factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            var out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
