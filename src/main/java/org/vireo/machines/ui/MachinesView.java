package org.vireo.machines.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.data.domain.Pageable;
import org.vireo.audit.AuditSource;
import org.vireo.base.Background;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineService;
import org.vireo.quotas.QuotaBars;
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
    private final org.vireo.machines.UsageHistory usage;
    private final MachineBroadcaster broadcaster;
    private final CurrentUser user = CurrentUser.require();
    private final Grid<Machine> grid = new Grid<>();
    private final QuotaBars quotaBars = new QuotaBars();
    private final Map<UUID, String> templateNames;
    private final TenantService tenants;
    private final Map<UUID, String> tenantNames = new HashMap<>();
    private UUID tenantFilter;
    private Registration registration;

    MachinesView(MachineService machines, TemplateService templates, QuotaService quotas, TenantService tenants,
                 org.vireo.machines.UsageHistory usage, MachineBroadcaster broadcaster) {
        this.machines = machines;
        this.usage = usage;
        this.quotas = quotas;
        this.tenants = tenants;
        this.broadcaster = broadcaster;
        setId("machines-view");
        setSizeFull();
        templateNames = templates.list().stream().collect(Collectors.toMap(Template::id, Template::name));

        var header = new HorizontalLayout(new H2(getTranslation("machines.title")));
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        if (user.isAdmin()) {
            // Fetched by what is typed, a page at a time: a provider may have thousands of tenants.
            var filter = new ComboBox<Tenant>(getTranslation("machines.filter.tenant"));
            filter.setId("tenant-filter");
            filter.setItems(q -> tenants.page(q.getFilter().orElse(""),
                    VaadinSpringDataHelpers.toSpringPageRequest(q)).stream());
            filter.setItemLabelGenerator(Tenant::name);
            filter.setClearButtonVisible(true);
            filter.addValueChangeListener(e -> {
                tenantFilter = e.getValue() == null ? null : e.getValue().id();
                grid.getDataProvider().refreshAll();
            });
            header.add(filter);
            add(header);
        } else {
            var create = new Button(getTranslation("machines.create"), e -> new CreateMachineDialog(machines, templates,
                    quotas, user.tenantId(), this::refresh).open());
            create.setId("create-machine");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            header.add(create);
            quotaBars.show(quotas.view(user.tenantId()));
            add(header, quotaBars);
        }

        // Templates (Lit) rather than components per cell: a page of rows costs no server-side components.
        grid.setId("machines-grid");
        grid.addColumn(LitRenderer.<Machine>of("<a href=\"machines/${item.id}\">${item.name}</a>")
                        .withProperty("id", m -> m.id().toString()).withProperty("name", Machine::name))
                .setHeader(getTranslation("machines.name")).setFlexGrow(2);
        grid.addColumn(LitRenderer.<Machine>of("<span class=\"machine-state\" theme=\"badge ${item.badge}\""
                        + " data-state=\"${item.state}\">${item.stateText}</span>")
                        .withProperty("state", m -> m.state().name())
                        .withProperty("stateText", m -> getTranslation("machines.state." + m.state().name()))
                        .withProperty("badge", m -> MachineTexts.badgeTheme(m.state())))
                .setHeader(getTranslation("machines.state"));
        grid.addColumn(m -> templateNames.getOrDefault(m.templateId(), "?")).setHeader(getTranslation("machines.template"))
                .setFlexGrow(2);
        if (user.isAdmin()) {
            grid.addColumn(m -> tenantNames.getOrDefault(m.tenantId(), "?")).setHeader(getTranslation("machines.tenant"));
        }
        grid.addColumn(Machine::vcpus).setHeader(getTranslation("machines.vcpus"));
        grid.addColumn(m -> getTranslation("unit.mib", m.memoryMiB())).setHeader(getTranslation("machines.memory"));
        grid.addColumn(m -> getTranslation("unit.gib", m.diskGiB())).setHeader(getTranslation("machines.disk"));
        grid.addColumn(m -> String.join(", ", usage.addresses(m.id()))).setHeader(getTranslation("machines.addresses"))
                .setAutoWidth(true);
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        grid.addColumn(m -> format.format(m.createdAt())).setHeader(getTranslation("machines.created")).setAutoWidth(true);
        grid.addColumn(actions()).setHeader(getTranslation("machines.actions")).setAutoWidth(true).setFlexGrow(0);
        grid.setItems(q -> page(VaadinSpringDataHelpers.toSpringPageRequest(q)),
                q -> (int) machines.count(tenantFilter)).setIdentifierProvider(Machine::id);
        grid.setEmptyStateText(getTranslation("machines.empty"));
        add(grid);
    }

    /** A page of machines; operators also get the names of the tenants on it (only those, not all tenants). */
    private Stream<Machine> page(Pageable pageable) {
        var page = machines.list(pageable, tenantFilter).getContent();
        if (user.isAdmin()) {
            var missing = page.stream().map(Machine::tenantId).filter(id -> !tenantNames.containsKey(id))
                    .collect(Collectors.toSet());
            if (!missing.isEmpty()) {
                if (tenantNames.size() > 1000) {
                    tenantNames.clear();
                }
                tenantNames.putAll(tenants.names(missing));
            }
        }
        return page.stream();
    }

    // Lit functions are named on* because "delete" is reserved in JavaScript.
    private LitRenderer<Machine> actions() {
        var renderer = LitRenderer.<Machine>of("""
                <div style="display:flex;gap:var(--lumo-space-xs)">
                  <vaadin-button id="start-${item.name}" theme="small tertiary" ?disabled="${!item.start}" @click="${onstart}">${item.startText}</vaadin-button>
                  <vaadin-button id="shutdown-${item.name}" theme="small tertiary" ?disabled="${!item.shutdown}" @click="${onshutdown}">${item.shutdownText}</vaadin-button>
                  <vaadin-button id="poweroff-${item.name}" theme="small tertiary" ?disabled="${!item.poweroff}" @click="${onpoweroff}">${item.poweroffText}</vaadin-button>
                  <vaadin-button id="reboot-${item.name}" theme="small tertiary" ?disabled="${!item.reboot}" @click="${onreboot}">${item.rebootText}</vaadin-button>
                  <vaadin-button id="delete-${item.name}" theme="small error tertiary" ?disabled="${!item.delete}" @click="${ondelete}">${item.deleteText}</vaadin-button>
                </div>""").withProperty("name", Machine::name);
        action(renderer, MachineAction.START, m -> runAction(m.id(), id -> machines.start(id, AuditSource.UI)));
        action(renderer, MachineAction.SHUTDOWN, m -> runAction(m.id(), id -> machines.shutdown(id, AuditSource.UI)));
        action(renderer, MachineAction.POWEROFF, m -> runAction(m.id(), id -> machines.powerOff(id, AuditSource.UI)));
        action(renderer, MachineAction.REBOOT, m -> runAction(m.id(), id -> machines.reboot(id, AuditSource.UI)));
        action(renderer, MachineAction.DELETE, this::confirmDelete);
        return renderer;
    }

    /** Binds one button of the template: enabled in the states the action allows, its label, its handler. */
    private void action(LitRenderer<Machine> renderer, MachineAction action, SerializableConsumer<Machine> handler) {
        String key = action.name().toLowerCase(Locale.ROOT);
        String text = getTranslation("machines.action." + key);
        renderer.withProperty(key, m -> action.allowedIn(m.state())).withProperty(key + "Text", m -> text)
                .withFunction("on" + key, handler);
    }

    private void confirmDelete(Machine m) {
        MachineTexts.confirm(this, getTranslation("machines.delete.title", m.name()),
                getTranslation("machines.delete.text"), getTranslation("machines.action.delete"), "confirm-delete",
                () -> runAction(m.id(), id -> {
                    machines.delete(id, AuditSource.UI);
                    return null;
                }));
    }

    private <T> void runAction(UUID id, Function<UUID, T> call) {
        Background.run(getUI().orElseThrow(), () -> call.apply(id), r -> refresh(), e -> {
            MachineTexts.notifyError(this, e);
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
                refresh(); // the page on screen: two small queries; Lit rows update in place
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
