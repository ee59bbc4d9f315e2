package org.vireo.machines.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vireo.audit.AuditSource;
import org.vireo.base.Background;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.quotas.QuotaService;
import org.vireo.security.CurrentUser;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.Tenant;
import org.vireo.tenants.TenantService;

/**
 * The machine list: the tenant's own machines (operators: all, filterable by tenant), lazily paged, with live
 * state pushed from libvirt events.
 */
@Route("machines")
@PermitAll
@Menu(order = 10, title = "nav.machines", icon = "vaadin:cubes")
class MachinesView extends VerticalLayout implements HasDynamicTitle {
    private final MachineService machines;
    private final QuotaService quotas;
    private final MachineBroadcaster broadcaster;
    private final CurrentUser user = CurrentUser.require();
    private final Grid<Machine> grid = new Grid<>();
    private final QuotaBars quotaBars = new QuotaBars();
    private final Map<UUID, String> templateNames;
    private final Map<UUID, String> tenantNames;
    private UUID tenantFilter;
    private Registration registration;

    MachinesView(MachineService machines, TemplateService templates, QuotaService quotas, TenantService tenants,
                 MachineBroadcaster broadcaster) {
        this.machines = machines;
        this.quotas = quotas;
        this.broadcaster = broadcaster;
        setId("machines-view");
        setSizeFull();
        templateNames = templates.list().stream().collect(Collectors.toMap(Template::id, Template::name));
        tenantNames = user.isAdmin()
                ? tenants.list().stream().collect(Collectors.toMap(Tenant::id, Tenant::name)) : Map.of();

        var header = new HorizontalLayout(new H2(getTranslation("machines.title")));
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        if (user.isAdmin()) {
            var filter = new ComboBox<Tenant>(getTranslation("machines.filter.tenant"));
            filter.setId("tenant-filter");
            filter.setItems(tenants.list());
            filter.setItemLabelGenerator(Tenant::name);
            filter.setClearButtonVisible(true);
            filter.addValueChangeListener(e -> {
                tenantFilter = e.getValue() == null ? null : e.getValue().id();
                grid.getDataProvider().refreshAll();
            });
            header.add(filter);
        } else {
            var create = new Button(getTranslation("machines.create"), e -> new CreateMachineDialog(machines, templates,
                    quotas, user.tenantId(), this::refresh).open());
            create.setId("create-machine");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            header.add(create);
            quotaBars.show(quotas.view(user.tenantId()));
            add(header, quotaBars);
        }
        if (user.isAdmin()) {
            add(header);
        }

        grid.setId("machines-grid");
        grid.addComponentColumn(m -> new RouterLink(m.name(), MachineDetailView.class,
                        new com.vaadin.flow.router.RouteParameters("id", m.id().toString())))
                .setHeader(getTranslation("machines.name")).setFlexGrow(2);
        grid.addComponentColumn(m -> MachineTexts.badge(this, m.state())).setHeader(getTranslation("machines.state"));
        grid.addColumn(m -> templateNames.getOrDefault(m.templateId(), "?")).setHeader(getTranslation("machines.template"))
                .setFlexGrow(2);
        if (user.isAdmin()) {
            grid.addColumn(m -> tenantNames.getOrDefault(m.tenantId(), "?")).setHeader(getTranslation("machines.tenant"));
        }
        grid.addColumn(Machine::vcpus).setHeader(getTranslation("machines.vcpus"));
        grid.addColumn(m -> getTranslation("unit.mib", m.memoryMiB())).setHeader(getTranslation("machines.memory"));
        grid.addColumn(m -> getTranslation("unit.gib", m.diskGiB())).setHeader(getTranslation("machines.disk"));
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        grid.addColumn(m -> format.format(m.createdAt())).setHeader(getTranslation("machines.created")).setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader(getTranslation("machines.actions")).setAutoWidth(true)
                .setFlexGrow(0);
        grid.setItems(q -> machines.list(VaadinSpringDataHelpers.toSpringPageRequest(q), tenantFilter).stream(),
                q -> (int) machines.count(tenantFilter));
        grid.setEmptyStateText(getTranslation("machines.empty"));
        add(grid);
    }

    private Component actions(Machine m) {
        var bar = new HorizontalLayout();
        bar.setSpacing(false);
        bar.getStyle().set("gap", "var(--lumo-space-xs)");
        MachineState s = m.state();
        button(bar, m, "start", MachineAction.START.allowedIn(s), id -> machines.start(id, AuditSource.UI));
        button(bar, m, "shutdown", MachineAction.SHUTDOWN.allowedIn(s), id -> machines.shutdown(id, AuditSource.UI));
        button(bar, m, "poweroff", MachineAction.POWEROFF.allowedIn(s), id -> machines.powerOff(id, AuditSource.UI));
        button(bar, m, "reboot", MachineAction.REBOOT.allowedIn(s), id -> machines.reboot(id, AuditSource.UI));
        var delete = new Button(getTranslation("machines.action.delete"));
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.setEnabled(MachineAction.DELETE.allowedIn(s));
        delete.setId("delete-" + m.name());
        delete.addClickListener(e -> {
            var confirm = new ConfirmDialog(getTranslation("machines.delete.title", m.name()),
                    getTranslation("machines.delete.text"), getTranslation("machines.action.delete"),
                    ok -> runAction(m.id(), id -> {
                        machines.delete(id, AuditSource.UI);
                        return null;
                    }));
            var confirmButton = new Button(getTranslation("machines.action.delete"));
            confirmButton.setId("confirm-delete");
            confirmButton.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
            confirm.setConfirmButton(confirmButton);
            confirm.setCancelable(true);
            confirm.setCancelText(getTranslation("action.cancel"));
            confirm.open();
        });
        bar.add(delete);
        return bar;
    }

    private void button(HorizontalLayout bar, Machine m, String action, boolean enabled, Function<UUID, Machine> call) {
        var b = new Button(getTranslation("machines.action." + action), e -> runAction(m.id(), call));
        b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        b.setEnabled(enabled);
        b.setId(action + "-" + m.name());
        bar.add(b);
    }

    private <T> void runAction(UUID id, Function<UUID, T> call) {
        Background.run(getUI().orElseThrow(), () -> call.apply(id), r -> refresh(), e -> {
            var n = Notification.show(MachineTexts.error(this, e), 6000, Notification.Position.BOTTOM_END);
            n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            refresh();
        });
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
        if (!user.isAdmin()) {
            quotaBars.show(quotas.view(user.tenantId()));
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        registration = broadcaster.register(event.getUI(), change -> {
            if (user.isAdmin() || change.tenantId().equals(user.tenantId())) {
                refresh();
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (registration != null) {
            registration.remove();
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("machines.title") + " · Vireo";
    }
}
