package org.vireo.machines.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditSource;
import org.vireo.audit.AuditTexts;
import org.vireo.base.Background;
import org.vireo.base.ErrorTexts;
import org.vireo.base.Feedback;
import org.vireo.base.NotFoundException;
import org.vireo.base.Why;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostService;
import org.vireo.machines.BackupRestores;
import org.vireo.machines.BackupSchedules;
import org.vireo.machines.GuestAgents;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineAddresses;
import org.vireo.machines.MachineBackups;
import org.vireo.machines.MachineBroadcaster;
import org.vireo.machines.MachineDetailSection;
import org.vireo.machines.MachineEdits;
import org.vireo.machines.MachineFirewalls;
import org.vireo.machines.MachineInterfaces;
import org.vireo.machines.MachineIsos;
import org.vireo.machines.MachineMigrations;
import org.vireo.machines.MachineRebuilds;
import org.vireo.machines.MachineRescues;
import org.vireo.machines.MachineService;
import org.vireo.machines.SnapshotService;
import org.vireo.machines.UsageHistory;
import org.vireo.security.CurrentUser;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.AuditReader;

/** One machine: specs, live state, its recent events. Another tenant's machine is "not found" here too. */
@Route("machines/:id")
@PermitAll
class MachineDetailView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final MachineService machines;
    private final SnapshotService snapshots;
    private final UsageHistory usage;
    private UsageGraphs graphs;
    private Registration usageRegistration;
    private final TemplateService templates;
    private final AuditReader audit;
    private final MachineBroadcaster broadcaster;
    private final GuestAgents agents;
    private final MachineInterfaces interfaces;
    private final MachineRebuilds rebuilds;
    private final MachineEdits edits;
    private final MachineRescues rescues;
    private final MachineIsos isos;
    private final MachineAddresses addresses;
    private final MachineFirewalls firewalls;
    private final MachineMigrations migrations;
    private final HostService hosts;
    private final List<MachineDetailSection> sections;
    private final MachineBackups backups;
    private final BackupSchedules schedules;
    private final BackupRestores restores;
    private Machine machine;
    private GuestAgents.Guest guest;
    private Registration registration;

    MachineDetailView(
            MachineService machines,
            SnapshotService snapshots,
            UsageHistory usage,
            TemplateService templates,
            AuditReader audit,
            MachineBroadcaster broadcaster,
            GuestAgents agents,
            MachineRebuilds rebuilds,
            MachineEdits edits,
            MachineRescues rescues,
            MachineIsos isos,
            MachineInterfaces interfaces,
            MachineAddresses addresses,
            MachineFirewalls firewalls,
            MachineMigrations migrations,
            HostService hosts,
            MachineBackups backups,
            BackupSchedules schedules,
            BackupRestores restores,
            List<MachineDetailSection> sections) {
        this.restores = restores;
        this.backups = backups;
        this.schedules = schedules;
        this.sections = sections;
        this.firewalls = firewalls;
        this.migrations = migrations;
        this.hosts = hosts;
        this.machines = machines;
        this.addresses = addresses;
        this.interfaces = interfaces;
        this.isos = isos;
        this.rescues = rescues;
        this.rebuilds = rebuilds;
        this.edits = edits;
        this.agents = agents;
        this.snapshots = snapshots;
        this.usage = usage;
        this.templates = templates;
        this.audit = audit;
        this.broadcaster = broadcaster;
        setId("machine-detail");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        try {
            machine = machines.get(
                    UUID.fromString(event.getRouteParameters().get("id").orElse("")));
            guest = null;
            render();
            // The agent is asked off the request thread; later changes come with its events.
            var ui = event.getUI();
            var asked = machine;
            Background.run(
                    ui,
                    () -> agents.of(asked),
                    g -> {
                        if (machine != null && machine.id().equals(asked.id())) {
                            guest = g;
                            render();
                        }
                    },
                    ex -> {});
        } catch (IllegalArgumentException | NotFoundException e) {
            machine = null;
            removeAll();
            var p = new Paragraph(getTranslation("machines.not-found"));
            p.setId("machine-not-found");
            add(new H2(getTranslation("problem.not-found")), p);
        }
    }

    private void render() {
        removeAll();
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        var title = new H2(machine.name());
        title.setId("machine-title");
        var facts = new Div();
        facts.addClassName("vireo-facts");
        fact(facts, "machines.state", MachineTexts.badge(this, machine.state()));
        if (machine.rescue()) {
            fact(facts, "machines.mode", MachineTexts.rescueBadge(this));
        }
        String template;
        String defaultUser = null;
        try {
            var t = templates.get(machine.templateId());
            template = t.name();
            defaultUser = t.defaultUser();
        } catch (NotFoundException e) {
            template = "?";
        }
        fact(facts, "machines.template", new Span(template));
        fact(facts, "machines.vcpus", new Span(Integer.toString(machine.vcpus())));
        fact(facts, "machines.memory", new Span(getTranslation("unit.mib", machine.memoryMiB())));
        fact(facts, "machines.disk", new Span(getTranslation("unit.gib", machine.diskGiB())));
        fact(facts, "machines.created", new Span(format.format(machine.createdAt())));
        String sshAddress = null;
        for (var nic : interfaces.of(machine)) {
            fact(
                    facts,
                    "machines.interface-" + nic.network(),
                    new CopyText(String.join(", ", nic.addresses()), getTranslation("machines.copy-address")));
            if (sshAddress == null || nic.network().equals(MachineInterfaces.PUBLIC)) {
                sshAddress = nic.addresses().get(0);
            }
        }
        interfaces.privateGateway(machine).ifPresent(gw -> fact(facts, "machines.gateway", new Span(gw)));
        // what it can be reached by, honestly: without a public address not from outside but through the console
        boolean reachable =
                interfaces.of(machine).stream().anyMatch(n -> n.network().equals(MachineInterfaces.PUBLIC));
        fact(
                facts,
                "machines.reachability",
                new Span(getTranslation(
                        reachable
                                ? "machines.reachability.public"
                                : sshAddress != null
                                        ? "machines.reachability.private"
                                        : "machines.reachability.console")));
        if (sshAddress != null && defaultUser != null) {
            fact(
                    facts,
                    "machines.ssh",
                    new CopyText("ssh " + defaultUser + "@" + sshAddress, getTranslation("machines.copy-ssh")));
        }
        if (machine.stateDetail() != null) {
            fact(facts, "machines.state-detail", new Span(machine.stateDetail()));
        }
        if (CurrentUser.require().isAdmin()) {
            fact(
                    facts,
                    "machines.host",
                    new Span(hosts.list().stream()
                            .filter(h -> h.id().equals(machine.hostId()))
                            .map(Host::name)
                            .findFirst()
                            .orElse("?")));
        }
        var g = guest != null && guest.agent() == GuestAgents.AgentState.CONNECTED ? guest : agents.known(machine);
        fact(
                facts,
                "machines.agent",
                new Span(getTranslation("machines.agent." + g.agent().name().toLowerCase())));
        if (g.osName() != null) {
            fact(facts, "machines.os", new Span(g.osName()));
        }
        if (g.hostname() != null) {
            fact(facts, "machines.guest-hostname", new Span(g.hostname()));
        }
        if (!g.addresses().isEmpty()) {
            fact(facts, "machines.guest-addresses", new Span(String.join(", ", g.addresses())));
        }
        if (machine.shutdownDeadline() != null) {
            fact(
                    facts,
                    "machines.shutdown-deadline",
                    new Span(getTranslation("machines.forced-at", format.format(machine.shutdownDeadline()))));
        }
        var actions = new HorizontalLayout();
        actions.setId("machine-actions");
        actions.addClassName("vireo-actions");
        actions.setWrap(true);
        var console = new Button(
                getTranslation("machines.console"),
                new Icon("vaadin:desktop"),
                e -> getUI().ifPresent(ui -> ui.navigate("machines/" + machine.id() + "/console")));
        console.setId("open-console");
        var serial = new Button(
                getTranslation("console.open-serial"),
                new Icon("vaadin:terminal"),
                e -> getUI().ifPresent(ui -> ui.navigate(
                        "machines/" + machine.id() + "/console", QueryParameters.simple(Map.of("serial", "")))));
        serial.setId("open-serial-console");
        for (var b : List.of(console, serial)) {
            actions.add(Why.wrap(
                    b,
                    MachineAction.CONSOLE.allowedIn(machine.state())
                            ? null
                            : MachineActions.whyNot(this, MachineAction.CONSOLE, machine)));
        }
        for (var action : MachineActions.LIFECYCLE) {
            var b = new Button(
                    MachineActions.label(this, action),
                    new Icon(MachineActions.icon(action)),
                    e -> MachineActions.run(this, machines, machine, action, ok -> {
                        if (ok && action == MachineAction.DELETE) {
                            getUI().ifPresent(ui -> ui.navigate("machines"));
                        }
                    }));
            b.setId("detail-" + MachineActions.key(action));
            if (action == MachineAction.DELETE) {
                b.addThemeVariants(ButtonVariant.LUMO_ERROR);
            }
            actions.add(Why.wrap(b, MachineActions.whyNot(this, action, machine)));
        }
        var resize = new Button(getTranslation("machines.resize"), new Icon("vaadin:resize-h"), e -> resizeDialog());
        resize.setId("resize-machine");
        actions.add(Why.wrap(resize, MachineActions.whyNot(this, MachineAction.RESIZE, machine)));
        if (CurrentUser.require().isAdmin()) {
            var move = new Button(
                    getTranslation("machines.migrate"),
                    new Icon("vaadin:exchange"),
                    e -> MoveDialog.open(this, machine, hosts.list(), migrations, m -> {
                        machine = machines.get(m.id());
                        render();
                    }));
            move.setId("migrate-machine");
            actions.add(Why.wrap(move, MachineActions.whyNot(this, MachineAction.MIGRATE, machine)));
        }
        if (!CurrentUser.require().isAdmin()) {
            var password = new Button(
                    getTranslation("machines.reset-password"),
                    new Icon("vaadin:key"),
                    e -> askResetPassword(e.getSource(), userOfTemplate()));
            password.setId("reset-password");
            actions.add(Why.wrap(
                    password,
                    g.agent() == GuestAgents.AgentState.CONNECTED
                            ? null
                            : getTranslation("machines.agent-not-connected")));
            var rebuild = new Button(
                    getTranslation("machines.rebuild"),
                    new Icon("vaadin:refresh"),
                    e -> new RebuildDialog(rebuilds, templates, machine, m -> {
                                machine = m;
                                render();
                                Feedback.success(this, "machines.rebuilt", m.name());
                            })
                            .open());
            rebuild.setId("rebuild-machine");
            actions.add(Why.wrap(rebuild, MachineActions.whyNot(this, MachineAction.REBUILD, machine)));
            var rescue = new Button(
                    getTranslation(machine.rescue() ? "machines.rescue.stop" : "machines.rescue.start"),
                    new Icon("vaadin:ambulance"),
                    e -> rescue(!machine.rescue()));
            rescue.setId("rescue-machine");
            actions.add(Why.wrap(rescue, MachineActions.whyNot(this, MachineAction.RESCUE, machine)));
            isoControls(actions);
            var rename = new Button(getTranslation("machines.rename"), new Icon("vaadin:pencil"), e -> renameDialog());
            rename.setId("rename-machine");
            actions.add(rename);
            var protect = new Checkbox(getTranslation("machines.delete-protection"), machine.deleteProtected());
            protect.setId("delete-protection");
            protect.addValueChangeListener(e -> {
                if (!e.isFromClient()) {
                    return;
                }
                try {
                    machine = edits.edit(machine.id(), null, e.getValue(), AuditSource.UI);
                    Feedback.success(
                            this,
                            machine.deleteProtected() ? "machines.protection-on" : "machines.protection-off",
                            machine.name());
                } catch (RuntimeException ex) {
                    Feedback.error(this, ex);
                }
                render();
            });
            actions.add(protect);
        }
        var events = new Grid<AuditEntry>();
        events.setId("machine-events");
        events.addColumn(e -> format.format(e.at())).setHeader(getTranslation("audit.at"));
        events.addColumn(AuditEntry::actor).setHeader(getTranslation("audit.actor"));
        events.addColumn(e -> AuditTexts.action(this, e.action())).setHeader(getTranslation("audit.action"));
        events.addColumn(e -> AuditTexts.outcome(this, e)).setHeader(getTranslation("audit.outcome"));
        events.addColumn(e -> e.detail() == null ? "" : e.detail()).setHeader(getTranslation("audit.detail"));
        events.setItems(audit.forMachine(machine.tenantId(), machine.name(), 50));
        events.setAllRowsVisible(true);
        var snapshotPanel = new SnapshotsPanel(snapshots, machine, format, changed -> {
            machine = machines.get(machine.id());
            render();
        });
        graphs = new UsageGraphs(usage, machine.id());
        add(title, facts, actions, graphs);
        sections.forEach(s -> add(s.section(machine)));
        add(snapshotPanel);
        add(new BackupsPanel(backups, schedules, restores, machine, format, changed -> {
            machine = machines.get(machine.id());
            render();
        }));
        if (!CurrentUser.require().isAdmin() && machine.mac() != null) {
            add(new AddressesPanel(addresses, machine, () -> {
                machine = machines.get(machine.id());
                render();
            }));
            add(new FirewallPanel(firewalls, machine));
        }
        add(new H3(getTranslation("machines.events")), events);
    }

    /** A new password for the template's user, set through the guest agent and shown once. */
    /** The template's user (cloud-init made it), preselected in the reset dialog; null when it names none. */
    private String userOfTemplate() {
        try {
            return templates.get(machine.templateId()).defaultUser();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Asks which user gets a new password (the template's preselected) before anything changes in the guest. */
    private void askResetPassword(Button button, String defaultUser) {
        var dialog = new Dialog();
        dialog.setId("reset-password-dialog");
        dialog.setHeaderTitle(getTranslation("machines.password.reset-title", machine.name()));
        var user = new TextField(getTranslation("machines.password.reset-user"));
        user.setId("reset-password-user");
        user.setValue(defaultUser == null ? "" : defaultUser);
        user.setRequired(true);
        dialog.add(new Paragraph(getTranslation("machines.password.reset-text")), user);
        var confirm = new Button(getTranslation("machines.password.reset-confirm"), e -> {
            dialog.close();
            resetPassword(button, user.getValue());
        });
        confirm.setId("reset-password-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var cancel = new Button(getTranslation("action.cancel"), e -> dialog.close());
        dialog.getFooter().add(cancel, confirm);
        dialog.open();
        user.focus();
    }

    private void resetPassword(Button button, String user) {
        button.setEnabled(false);
        var ui = getUI().orElseThrow();
        Background.run(
                ui,
                () -> agents.resetPassword(machine.id(), user, AuditSource.UI),
                reset -> {
                    button.setEnabled(true);
                    new InitialPasswordDialog(machine.name(), reset.user(), reset.password()).open();
                },
                ex -> {
                    button.setEnabled(true);
                    Notification.show(ErrorTexts.of(this, ex), 6000, Notification.Position.MIDDLE)
                            .addThemeVariants(NotificationVariant.LUMO_ERROR);
                });
    }

    /** The CD-ROM drive: an ISO of the library (the machine boots from it first) or empty; while stopped. */
    private void isoControls(HorizontalLayout actions) {
        var library = templates.isos();
        if (library.isEmpty() && machine.isoId() == null) {
            return;
        }
        var iso = new Select<Template>();
        iso.setId("machine-iso");
        iso.setLabel(getTranslation("machines.iso"));
        iso.setItems(library);
        iso.setItemLabelGenerator(t -> t == null ? getTranslation("machines.iso.none") : t.name());
        iso.setEmptySelectionAllowed(true);
        iso.setEmptySelectionCaption(getTranslation("machines.iso.none"));
        library.stream().filter(t -> t.id().equals(machine.isoId())).findFirst().ifPresent(iso::setValue);
        var apply = new Button(getTranslation("machines.iso.apply"), new Icon("vaadin:disc"), e -> {
            var chosen = iso.getValue();
            try {
                machine = isos.insert(machine.id(), chosen == null ? null : chosen.id(), AuditSource.UI);
                Feedback.success(
                        this,
                        chosen == null ? "machines.iso.ejected" : "machines.iso.inserted",
                        chosen == null ? "" : chosen.name());
            } catch (RuntimeException ex) {
                Feedback.error(this, ex);
            }
            render();
        });
        apply.setId("machine-iso-apply");
        String why = MachineActions.whyNot(this, MachineAction.ISO, machine);
        iso.setEnabled(why == null);
        actions.add(iso, Why.wrap(apply, why));
    }

    /** Into the rescue system after asking (the machine is powered off for it), or back to its own system. */
    private void rescue(boolean enable) {
        Runnable run = () -> {
            var ui = getUI().orElseThrow();
            Background.run(
                    ui,
                    () -> rescues.rescue(machine.id(), enable, AuditSource.UI),
                    m -> {
                        machine = m;
                        render();
                        Feedback.success(this, enable ? "machines.rescue.started" : "machines.rescue.ended", m.name());
                    },
                    ex -> Feedback.error(this, ex));
        };
        if (!enable) {
            Feedback.confirm(
                    this,
                    getTranslation("machines.rescue.end-title", machine.name()),
                    getTranslation("machines.rescue.end-text"),
                    getTranslation("machines.rescue.stop"),
                    "confirm-end-rescue",
                    false,
                    run);
            return;
        }
        Feedback.confirm(
                this,
                getTranslation("machines.rescue.title", machine.name()),
                getTranslation("machines.rescue.text"),
                getTranslation("machines.rescue.start"),
                "confirm-rescue",
                true,
                run);
    }

    /** A new name (unique in the tenant); the domain keeps its id-based name. */
    private void renameDialog() {
        var name = new TextField(getTranslation("machines.name"));
        name.setId("rename-name");
        name.setValue(machine.name());
        name.setHelperText(getTranslation("validation.name"));
        name.setMaxLength(63);
        var form = new Feedback.Form(this, "rename-error").field("name", name);
        var d = new Dialog(name, form.errorLine());
        d.setHeaderTitle(getTranslation("machines.rename"));
        var save = new Button(
                getTranslation("machines.rename"),
                e -> form.submit(
                        () -> edits.edit(machine.id(), name.getValue(), null, AuditSource.UI),
                        m -> {
                            machine = m;
                            d.close();
                            render();
                        },
                        "machines.renamed",
                        name.getValue()));
        save.setId("rename-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    /** vCPUs, memory and disk of a stopped machine; the service checks what grows against the quota. */
    private void resizeDialog() {
        var vcpus = new IntegerField(getTranslation("machines.vcpus"));
        vcpus.setId("resize-vcpus");
        vcpus.setValue(machine.vcpus());
        var memory = new IntegerField(getTranslation("machines.memory-mib"));
        memory.setId("resize-memory");
        memory.setValue(machine.memoryMiB());
        var disk = new IntegerField(getTranslation("machines.disk-gib"));
        disk.setId("resize-disk");
        disk.setValue(machine.diskGiB());
        var form = new Feedback.Form(this, "resize-error")
                .field("vcpus", vcpus)
                .field("memoryMiB", memory)
                .field("diskGiB", disk);
        var d = new Dialog(new FormLayout(vcpus, memory, disk), form.errorLine());
        d.setHeaderTitle(getTranslation("machines.resize.title", machine.name()));
        var save = new Button(
                getTranslation("machines.resize.save"),
                e -> form.submit(
                        () -> machines.resize(
                                machine.id(), vcpus.getValue(), memory.getValue(), disk.getValue(), AuditSource.UI),
                        m -> {
                            machine = m;
                            d.close();
                            render();
                        },
                        "machines.resized",
                        machine.name()));
        save.setId("resize-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void fact(Div facts, String key, Component value) {
        value.setId("fact-" + key.substring(key.indexOf('.') + 1));
        var label = new Span(getTranslation(key));
        label.addClassName("vireo-fact-label");
        var row = new Div(label, value);
        row.addClassName("vireo-fact");
        facts.add(row);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        usageRegistration = broadcaster.registerUsage(event.getUI(), sampled -> {
            if (machine != null && graphs != null && sampled.machineIds().contains(machine.id())) {
                graphs.refresh();
            }
        });
        registration = broadcaster.register(event.getUI(), change -> {
            if (machine != null && change.machineId().equals(machine.id())) {
                try {
                    machine = machines.get(machine.id());
                    guest = null;
                    render();
                } catch (NotFoundException e) {
                    machine = null;
                    removeAll();
                    add(new Paragraph(getTranslation("machines.deleted")));
                }
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (registration != null) {
            registration.remove();
        }
        if (usageRegistration != null) {
            usageRegistration.remove();
        }
    }

    @Override
    public String getPageTitle() {
        return (machine == null ? getTranslation("machines.title") : machine.name()) + " · Vireo";
    }
}
