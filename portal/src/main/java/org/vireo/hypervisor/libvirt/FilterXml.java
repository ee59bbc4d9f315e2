package org.vireo.hypervisor.libvirt;

import java.util.UUID;
import org.vireo.base.Cidr;
import org.vireo.base.Xml;
import org.vireo.hypervisor.FirewallSpec;
import org.w3c.dom.Element;

/** libvirt nwfilter XML of a {@link FirewallSpec} (stateful rules, evaluated in order, last a drop of the rest). */
public final class FilterXml {
    private FilterXml() {}

    public static String of(FirewallSpec spec) {
        return of(spec, null);
    }

    /** With the uuid of the filter it redefines (null: a new one). */
    public static String of(FirewallSpec spec, String uuid) {
        Element filter = Xml.root("filter");
        filter.setAttribute("name", spec.name());
        filter.setAttribute("chain", "root");
        if (uuid != null) {
            Xml.text(filter, "uuid", UUID.fromString(uuid).toString());
        }
        Xml.child(filter, "filterref").setAttribute("filter", DomainXml.CLEAN_TRAFFIC);
        rule(filter, "out", "accept", "all").setAttribute("state", "NEW");
        rule(filter, "inout", "accept", "all").setAttribute("state", "ESTABLISHED,RELATED");
        for (var r : spec.rules()) {
            Element match = rule(filter, "in", "accept", r.protocol());
            match.setAttribute("srcipaddr", Cidr.format(r.source().base()));
            match.setAttribute("srcipmask", Integer.toString(r.source().prefix()));
            if (r.portFrom() != 0) {
                match.setAttribute("dstportstart", Integer.toString(r.portFrom()));
                match.setAttribute("dstportend", Integer.toString(r.portTo()));
            }
            match.setAttribute("state", "NEW");
        }
        rule(filter, "inout", "drop", "all");
        return Xml.serialize(filter);
    }

    private static Element rule(Element filter, String direction, String action, String protocol) {
        Element rule = Xml.child(filter, "rule");
        rule.setAttribute("action", action);
        rule.setAttribute("direction", direction);
        rule.setAttribute("priority", "500");
        return Xml.child(rule, protocol);
    }
}
