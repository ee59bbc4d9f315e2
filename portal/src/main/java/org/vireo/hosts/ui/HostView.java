package org.vireo.hosts.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.vireo.hosts.HostService;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.security.Roles;

/** The operator's view of the portal's own host: hypervisor, versions, capacity and the accelerator guests run with. */
@Route("admin/host")
@RolesAllowed(Roles.ADMIN)
@Menu(order = 90, title = "nav.host", icon = "vaadin:server")
class HostView extends VerticalLayout implements HasDynamicTitle {

    HostView(HostService hosts) {
        setId("host-view");
        add(new H2(getTranslation("host.title")));
        try {
            HostInfo info = hosts.localHostInfo();
            var list = new Div();
            list.addClassName("vireo-facts");
            row(list, "host.uri", info.uri(), "host-uri");
            row(list, "host.hypervisor", info.hypervisorType() + " " + info.hypervisorVersion(), "host-hypervisor");
            row(list, "host.libvirt", info.libvirtVersion(), "host-libvirt");
            row(list, "host.hostname", info.hostname(), "host-hostname");
            row(list, "host.cpus", info.cpus() + " × " + info.cpuModel(), "host-cpus");
            row(list, "host.memory", getTranslation("host.memory.value", info.memoryMiB()), "host-memory");
            row(
                    list,
                    "host.accelerator",
                    getTranslation("host.accelerator." + info.accelerator().name()),
                    "host-accelerator");
            add(list, new Paragraph(getTranslation("host.accelerator.source", info.acceleratorSource())));
        } catch (HypervisorException e) {
            var error = new Paragraph(getTranslation("host.unreachable", e.getMessage()));
            error.setId("host-error");
            error.addClassName("vireo-error");
            add(error);
        }
    }

    private void row(Div list, String labelKey, String value, String id) {
        var label = new Span(getTranslation(labelKey));
        label.addClassName("vireo-fact-label");
        var v = new Span(value);
        v.setId(id);
        var row = new Div(label, v);
        row.addClassName("vireo-fact");
        list.add(row);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("host.title") + " · Vireo";
    }
}
