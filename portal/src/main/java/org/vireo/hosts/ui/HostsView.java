package org.vireo.hosts.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.Locale;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.hosts.HostHealth;
import org.vireo.hosts.HostService;
import org.vireo.security.Roles;

/** Operators: the registered hypervisor hosts with their health, registering another, maintenance on and off. */
@Route("admin/hosts")
@RolesAllowed(Roles.ADMIN)
@Menu(order = 89, title = "nav.hosts", icon = "vaadin:cluster")
class HostsView extends VerticalLayout implements HasDynamicTitle {
    private final HostService hosts;
    private final Grid<HostHealth> grid = new Grid<>();
    private boolean draining;

    HostsView(HostService hosts) {
        this.hosts = hosts;
        setId("hosts-view");
        var name = new TextField(getTranslation("hosts.name"));
        name.setId("host-name");
        var uri = new TextField(getTranslation("hosts.uri"));
        uri.setId("host-uri");
        uri.setPlaceholder("qemu+ssh://root@kvm2.example.com/system?keyfile=/etc/vireo/ssh/id_ed25519");
        var accelerator = new Select<String>();
        accelerator.setId("host-accelerator");
        accelerator.setLabel(getTranslation("hosts.accelerator"));
        accelerator.setItems("kvm", "tcg");
        accelerator.setValue("kvm");
        var console = new TextField(getTranslation("hosts.console-url"));
        console.setId("host-console");
        console.setPlaceholder("wss://kvm2.example.com:6080/console");
        var network = new Select<String>();
        network.setId("host-network-mode");
        network.setLabel(getTranslation("hosts.network-mode"));
        network.setItems("nat", "none", "isolated");
        network.setItemLabelGenerator(m -> getTranslation("hosts.network-mode." + m));
        network.setValue("nat");
        var dns = new TextField(getTranslation("hosts.dns"));
        dns.setId("host-dns");
        dns.setValue("host");
        dns.setHelperText(getTranslation("hosts.dns.help"));
        var form = new Feedback.Form(this, "host-error")
                .field("name", name)
                .field("uri", uri)
                .field("accelerator", accelerator)
                .field("consoleUrl", console)
                .field("networkMode", network)
                .field("dns", dns);
        var register = new Button(
                getTranslation("hosts.register"),
                e -> form.submit(
                        () -> hosts.register(
                                name.getValue(),
                                uri.getValue(),
                                accelerator.getValue(),
                                console.getValue(),
                                network.getValue(),
                                dns.getValue(),
                                AuditSource.UI),
                        h -> {
                            name.clear();
                            uri.clear();
                            refresh();
                        },
                        "hosts.registered",
                        name.getValue()));
        register.setId("register-host");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // fits 1366 px and narrower screens: the fields wrap instead of running off to the side
        var fields = new FormLayout(name, uri, accelerator, console, network, dns);
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("50em", 4));
        fields.setColspan(uri, 2);

        grid.setId("hosts-grid");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT); // wrap, not cut
        grid.addColumn(h -> h.host().name()).setHeader(getTranslation("hosts.name"));
        grid.addColumn(h -> h.host().uri())
                .setHeader(getTranslation("hosts.uri"))
                .setFlexGrow(2)
                .setTooltipGenerator(h -> h.host().uri());
        grid.addComponentColumn(this::status).setHeader(getTranslation("hosts.status"));
        grid.addColumn(h -> h.reachable() ? getTranslation("hosts.size.value", h.cpus(), h.memoryMiB()) : "")
                .setHeader(getTranslation("hosts.size"));
        grid.addColumn(h -> h.reachable() ? getTranslation("hosts.domains.value", h.domains(), h.runningDomains()) : "")
                .setHeader(getTranslation("hosts.domains"));
        grid.addColumn(h -> h.host().accelerator()).setHeader(getTranslation("hosts.accelerator"));
        grid.addColumn(h -> getTranslation(
                        "hosts.network-mode." + h.host().networkMode().wire()))
                .setHeader(getTranslation("hosts.network-mode"));
        grid.addColumn(h -> h.host().dns().wire()).setHeader(getTranslation("hosts.dns"));
        grid.addColumn(h -> !h.reachable()
                        ? ""
                        : !h.throttleAvailable()
                                ? getTranslation("hosts.throttle.unavailable")
                                : getTranslation(
                                        "hosts.throttle.available",
                                        getTranslation("hosts.throttle.by." + h.throttleBy())))
                .setTooltipGenerator(HostHealth::throttleProblem)
                .setHeader(getTranslation("hosts.throttle"));
        grid.addComponentColumn(h -> {
                    var edit = new Button(getTranslation("hosts.backup-dir.edit"), e -> backupDirDialog(h));
                    edit.addClassName("host-backup-dir");
                    edit.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                    edit.getElement().setAttribute("data-host", h.host().name());
                    return new Div(
                            new Span(
                                    h.host().backupDir() == null
                                            ? getTranslation("hosts.backup-dir.none")
                                            : h.host().backupDir()),
                            edit);
                })
                .setHeader(getTranslation("hosts.backup-dir"));
        grid.addComponentColumn(h -> {
                    var b = new Button(
                            getTranslation(h.host().maintenance() ? "hosts.maintenance.off" : "hosts.maintenance.on"),
                            e -> {
                                hosts.setMaintenance(h.host().id(), !h.host().maintenance(), AuditSource.UI);
                                refresh();
                                Feedback.success(
                                        this,
                                        h.host().maintenance()
                                                ? "hosts.maintenance.ended"
                                                : "hosts.maintenance.started",
                                        h.host().name());
                            });
                    b.addClassName("host-maintenance");
                    var drain = new Button(getTranslation("hosts.drain"), e -> {
                        hosts.setMaintenance(h.host().id(), true, true, AuditSource.UI);
                        refresh();
                        Feedback.success(this, "hosts.drain.started", h.host().name());
                    });
                    drain.addClassName("host-drain");
                    drain.setVisible(h.drain() == null || !h.drain().running());
                    return new HorizontalLayout(b, drain);
                })
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        addAttachListener(e -> {
            var poll = e.getUI().addPollListener(p -> refresh());
            e.getUI().setPollInterval(draining ? 2000 : -1);
            addDetachListener(d -> {
                poll.remove();
                d.getUI().setPollInterval(-1);
                d.unregisterListener();
            });
        });
        add(
                new H2(getTranslation("hosts.title")),
                new Paragraph(getTranslation("hosts.intro")),
                fields,
                new HorizontalLayout(register),
                form.errorLine(),
                grid);
        refresh();
    }

    /** Where the host's machines' backups go: an absolute directory on the host, blank for none. */
    private void backupDirDialog(HostHealth h) {
        var dir = new TextField(getTranslation("hosts.backup-dir"));
        dir.setId("backup-dir");
        dir.setWidthFull();
        dir.setHelperText(getTranslation("hosts.backup-dir.hint"));
        dir.setValue(h.host().backupDir() == null ? "" : h.host().backupDir());
        var form = new Feedback.Form(this, "backup-dir-error").field("backupDir", dir);
        var d = new Dialog(dir, form.errorLine());
        d.setWidth("36em");
        d.setHeaderTitle(getTranslation("hosts.backup-dir.title", h.host().name()));
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> hosts.setBackupDir(h.host().id(), dir.getValue(), AuditSource.UI),
                        host -> {
                            d.close();
                            refresh();
                        },
                        "hosts.backup-dir.saved",
                        h.host().name()));
        save.setId("backup-dir-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
        dir.focus();
    }

    private Div status(HostHealth h) {
        var cell = new Div(badge(h));
        var d = h.drain();
        if (d != null) {
            var line = new Div(getTranslation(
                    "hosts.drain.state." + d.state().name().toLowerCase(Locale.ROOT),
                    d.moved(),
                    d.total(),
                    d.moving()));
            line.addClassName("host-drain-state");
            cell.add(line);
            for (var s : d.stuck()) {
                var stays = new Div(getTranslation(
                        "hosts.drain.stays", s.machine(), getTranslation("hosts.drain.reason." + s.reason())));
                stays.addClassName("host-drain-stays");
                if (s.detail() != null) {
                    stays.setTitle(s.detail());
                }
                cell.add(stays);
            }
        }
        return cell;
    }

    private Span badge(HostHealth h) {
        String key = !h.reachable()
                ? "hosts.status.unreachable"
                : h.host().maintenance() ? "hosts.status.maintenance" : "hosts.status.active";
        var s = new Span(getTranslation(key));
        s.getElement()
                .setAttribute(
                        "theme",
                        !h.reachable() ? "badge error" : h.host().maintenance() ? "badge contrast" : "badge success");
        if (!h.reachable() && h.error() != null) {
            s.setTitle(h.error());
        }
        s.addClassName("host-status");
        return s;
    }

    private void refresh() {
        var health = hosts.health();
        grid.setItems(health);
        // while a drain runs, its progress is shown as it goes
        draining = health.stream().anyMatch(h -> h.drain() != null && h.drain().running());
        getUI().ifPresent(ui -> ui.setPollInterval(draining ? 2000 : -1));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("hosts.title") + " · Vireo";
    }
}
