package org.vireo.networks.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostService;
import org.vireo.networks.IpPool;
import org.vireo.networks.IpPoolService;
import org.vireo.security.Roles;

/** Operators: public IPv4 pools per host, how many of their addresses are in use, adding and removing one. */
@Route("admin/ip-pools")
@RolesAllowed(Roles.ADMIN)
@Menu(order = 90, title = "nav.ip-pools", icon = "vaadin:globe")
class IpPoolsView extends VerticalLayout implements HasDynamicTitle {
    private final IpPoolService pools;
    private final Grid<IpPool> grid = new Grid<>();
    private final Map<UUID, String> hostNames;

    IpPoolsView(IpPoolService pools, HostService hosts) {
        this.pools = pools;
        setId("ip-pools-view");
        List<Host> known = hosts.list();
        hostNames = known.stream().collect(Collectors.toMap(Host::id, Host::name));
        var name = new TextField(getTranslation("pools.name"));
        name.setId("pool-name");
        var host = new Select<Host>();
        host.setId("pool-host");
        host.setLabel(getTranslation("pools.host"));
        host.setItems(known);
        host.setItemLabelGenerator(Host::name);
        known.stream().findFirst().ifPresent(host::setValue);
        var cidr = new TextField(getTranslation("pools.cidr"));
        cidr.setId("pool-cidr");
        cidr.setPlaceholder("203.0.113.0/24");
        var gateway = new TextField(getTranslation("pools.gateway"));
        gateway.setId("pool-gateway");
        gateway.setPlaceholder("203.0.113.1");
        var bridge = new TextField(getTranslation("pools.bridge"));
        bridge.setId("pool-bridge");
        bridge.setPlaceholder("br0");
        var reserved = new TextField(getTranslation("pools.reserved"));
        reserved.setId("pool-reserved");
        reserved.setHelperText(getTranslation("pools.reserved.help"));
        var form = new Feedback.Form(this, "pool-error")
                .field("name", name)
                .field("hostId", host)
                .field("cidr", cidr)
                .field("gateway", gateway)
                .field("bridge", bridge)
                .field("reserved", reserved);
        var create = new Button(
                getTranslation("pools.create"),
                e -> form.submit(
                        () -> pools.create(
                                name.getValue(),
                                host.getValue() == null ? null : host.getValue().id(),
                                cidr.getValue(),
                                gateway.getValue(),
                                bridge.getValue(),
                                list(reserved.getValue()),
                                AuditSource.UI),
                        p -> {
                            name.clear();
                            cidr.clear();
                            gateway.clear();
                            reserved.clear();
                            refresh();
                        },
                        "pools.created",
                        name.getValue()));
        create.setId("create-pool");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var fields = new FormLayout(name, host, cidr, gateway, bridge, reserved);
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("50em", 3));

        grid.setId("pools-grid");
        grid.addColumn(IpPool::name).setHeader(getTranslation("pools.name"));
        grid.addColumn(p -> hostNames.getOrDefault(p.hostId(), "?")).setHeader(getTranslation("pools.host"));
        grid.addColumn(IpPool::cidr).setHeader(getTranslation("pools.cidr"));
        grid.addColumn(IpPool::gateway).setHeader(getTranslation("pools.gateway"));
        grid.addColumn(IpPool::bridge).setHeader(getTranslation("pools.bridge"));
        grid.addColumn(p -> getTranslation(
                        "pools.used.value", p.used(), p.reserved().size()))
                .setHeader(getTranslation("pools.used"));
        var deleteForm = new Feedback.Form(this, "pool-delete-error");
        grid.addComponentColumn(p -> {
                    var b = new Button(
                            getTranslation("pools.delete"),
                            e -> deleteForm.submit(
                                    () -> {
                                        pools.delete(p.id(), AuditSource.UI);
                                        return p;
                                    },
                                    x -> refresh(),
                                    "pools.deleted",
                                    p.name()));
                    b.addThemeVariants(ButtonVariant.LUMO_ERROR);
                    b.addClassName("pool-delete");
                    return b;
                })
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(
                new H2(getTranslation("pools.title")),
                new Paragraph(getTranslation("pools.intro")),
                fields,
                new HorizontalLayout(create),
                form.errorLine(),
                deleteForm.errorLine(),
                grid);
        refresh();
    }

    private static List<String> list(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private void refresh() {
        grid.setItems(pools.list());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("pools.title") + " · Vireo";
    }
}
