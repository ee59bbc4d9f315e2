package org.vireo.base;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Small DOM helpers: libvirt XML and SVG charts are built and read with the XML library, never by string
 * concatenation.
 */
public final class Xml {
    private Xml() {}

    public static Element root(String name) {
        Document doc = builder().newDocument();
        Element root = doc.createElement(name);
        doc.appendChild(root);
        return root;
    }

    public static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElement(name);
        parent.appendChild(e);
        return e;
    }

    public static Element text(Element parent, String name, String value) {
        Element e = child(parent, name);
        e.setTextContent(value);
        return e;
    }

    public static Element attr(Element e, String name, String value) {
        e.setAttribute(name, value);
        return e;
    }

    /** A document whose root element {@code name} is in namespace {@code ns} (children: {@link #childNS}). */
    public static Element rootNS(String ns, String name) {
        Document doc = builder().newDocument();
        Element root = doc.createElementNS(ns, name);
        doc.appendChild(root);
        return root;
    }

    /** A child in its parent's namespace. */
    public static Element childNS(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name);
        parent.appendChild(e);
        return e;
    }

    /** Parses XML that libvirt returned; DTDs and external entities are refused. */
    public static Document parse(String xml) {
        try {
            return builder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("unreadable XML from the hypervisor", e);
        }
    }

    public static String serialize(Element root) {
        return write(new DOMSource(root.getOwnerDocument()));
    }

    /** One element of a document (for example a device of a domain) on its own. */
    public static String serializeElement(Element element) {
        return write(new DOMSource(element));
    }

    private static String write(DOMSource source) {
        try {
            var factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            var transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            var out = new StringWriter();
            transformer.transform(source, new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DocumentBuilder builder() {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
