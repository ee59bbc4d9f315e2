package org.vireo.machines.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineBroadcaster;
import org.vireo.machines.MachineInterfaces;
import org.vireo.machines.MachineQuery;
import org.vireo.machines.MachineService;
import org.vireo.quotas.QuotaBars;
import org.vireo.quotas.QuotaService;
import org.vireo.security.CurrentUser;
import org.vireo.security.SshKeyService;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.TenantFilter;
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
    private final MachineInterfaces interfaces;
    private final MachineBroadcaster broadcaster;
    private final CurrentUser user = CurrentUser.require();
    private final Grid<Machine> grid = new Grid<>();
    private final QuotaBars quotaBars = new QuotaBars();
    private final Map<UUID, String> templateNames;
    private final TenantService tenants;
    private final Map<UUID, String> tenantNames = new HashMap<>();
    private UUID tenantFilter;
    private String nameFilter;
    /** Columns shown from 800 px (sizes, addresses, tenant) and from 1600 px (template, created). */
    private final List<Grid.Column<Machine>> wide = new ArrayList<>();

    private final List<Grid.Column<Machine>> large = new ArrayList<>();
    private Registration registration;
    private Registration resize;

    MachinesView(
            MachineService machines,
            TemplateService templates,
            QuotaService quotas,
            TenantService tenants,
            MachineInterfaces interfaces,
            MachineBroadcaster broadcaster,
            SshKeyService sshKeys) {
        this.machines = machines;
        this.interfaces = interfaces;
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
            header.add(new TenantFilter(tenants, "tenant-filter", id -> {
                tenantFilter = id;
                grid.getDataProvider().refreshAll();
            }));
            add(header);
        } else {
            var create = new Button(
                    getTranslation("machines.create"),
                    e -> new CreateMachineDialog(machines, templates, quotas, sshKeys, user.tenantId(), this::refresh)
                            .open());
            create.setId("create-machine");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            header.add(create);
            quotaBars.show(quotas.view(user.tenantId()));
            add(header, quotaBars);
        }

        var search = new TextField();
        search.setId("machine-search");
        search.setLabel(getTranslation("machines.search"));
        search.setPlaceholder(getTranslation("machines.search.placeholder"));
        search.setPrefixComponent(new Icon("vaadin:search"));
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> {
            nameFilter = e.getValue().isBlank() ? null : e.getValue().strip();
            grid.getDataProvider().refreshAll();
        });
        add(search);

        // Templates (Lit) rather than components per cell: a page of rows costs no server-side components.
        grid.setId("machines-grid");
        grid.setMultiSort(false);
        grid.addColumn(LitRenderer.<Machine>of("<a href=\"machines/${item.id}\">${item.name}</a>")
                        .withProperty("id", m -> m.id().toString())
                        .withProperty("name", Machine::name))
                .setHeader(getTranslation("machines.name"))
                .setFlexGrow(2)
                .setSortProperty("name")
                .setKey("name");
        grid.addColumn(LitRenderer.<Machine>of("<span class=\"machine-state\" theme=\"badge ${item.badge}\""
                                + " data-state=\"${item.state}\">${item.stateText}</span>"
                                + " <span class=\"machine-rescue\" theme=\"badge error\" ?hidden=\"${!item.rescue}\">"
                                + "${item.rescueText}</span>")
                        .withProperty("state", m -> m.state().name())
                        .withProperty("rescue", Machine::rescue)
                        .withProperty("rescueText", m -> getTranslation("machines.rescue.badge"))
                        .withProperty(
                                "stateText",
                                m -> getTranslation(
                                        "machines.state." + m.state().name()))
                        .withProperty("badge", m -> MachineTexts.badgeTheme(m.state())))
                .setHeader(getTranslation("machines.state"))
                .setSortProperty("state")
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setKey("state");
        large.add(grid.addColumn(m -> templateNames.getOrDefault(m.templateId(), "?"))
                .setHeader(getTranslation("machines.template"))
                .setFlexGrow(2));
        if (user.isAdmin()) {
            wide.add(grid.addColumn(m -> tenantNames.getOrDefault(m.tenantId(), "?"))
                    .setHeader(getTranslation("machines.tenant")));
        }
        wide.add(grid.addColumn(Machine::vcpus)
                .setHeader(getTranslation("machines.vcpus"))
                .setSortProperty("vcpus"));
        wide.add(grid.addColumn(m -> getTranslation("unit.mib", m.memoryMiB()))
                .setHeader(getTranslation("machines.memory"))
                .setSortProperty("memoryMib"));
        wide.add(grid.addColumn(m -> getTranslation("unit.gib", m.diskGiB()))
                .setHeader(getTranslation("machines.disk"))
                .setSortProperty("diskGib"));
        wide.add(grid.addComponentColumn(m -> {
                    var all = interfaces.addresses(m);
                    return all.isEmpty()
                            ? new Span()
                            : new CopyText(String.join(", ", all), getTranslation("machines.copy-address"));
                })
                .setHeader(getTranslation("machines.addresses"))
                .setAutoWidth(true));
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
                .withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        large.add(grid.addColumn(m -> format.format(m.createdAt()))
                .setHeader(getTranslation("machines.created"))
                .setAutoWidth(true)
                .setSortProperty("createdAt"));
        grid.addColumn(actions())
                .setHeader(getTranslation("machines.actions"))
                .setAutoWidth(true)
                .setFlexGrow(0)
                .setKey("actions");
        grid.setItems(q -> page(VaadinSpringDataHelpers.toSpringPageRequest(q)), q -> (int) machines.count(query()))
                .setIdentifierProvider(Machine::id);
        grid.setEmptyStateText(getTranslation("machines.empty"));
        add(grid);
    }

    private MachineQuery query() {
        return new MachineQuery(tenantFilter, null, nameFilter);
    }

    /** A page of machines; operators also get the names of the tenants on it (only those, not all tenants). */
    private Stream<Machine> page(Pageable pageable) {
        var sorted = pageable.getSort().isSorted()
                ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), Sort.by("createdAt", "id"));
        var page = machines.list(sorted, query()).getContent();
        if (user.isAdmin()) {
            var missing = page.stream()
                    .map(Machine::tenantId)
                    .filter(id -> !tenantNames.containsKey(id))
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

    /**
     * The row's buttons: console and the lifecycle actions, each with an icon, its label (hidden on narrow screens,
     * where the accessible name stays), disabled with the reason when the state does not allow it. Lit functions
     * are named on* because "delete" is reserved in JavaScript.
     */
    private LitRenderer<Machine> actions() {
        var all = new ArrayList<MachineAction>();
        all.add(MachineAction.CONSOLE);
        all.addAll(MachineActions.LIFECYCLE);
        var template = new StringBuilder("<div class=\"vireo-row-actions\">");
        for (var action : all) {
            String k = MachineActions.key(action);
            template.append(String.format(
                    """
                    <span class="vireo-why" title="${item.%1$sWhy}"><vaadin-button id="%1$s-${item.name}" \
                    theme="small tertiary%2$s" aria-label="${item.%1$sLabel}" title="${item.%1$sText}" \
                    ?disabled="${!item.%1$s}" \
                    @click="${on%1$s}"><vaadin-icon icon="%3$s" slot="prefix"></vaadin-icon>\
                    <span class="vireo-action-label">${item.%1$sText}</span></vaadin-button></span>""",
                    k,
                    action == MachineAction.DELETE ? " error" : "",
                    action == MachineAction.CONSOLE ? "vaadin:desktop" : MachineActions.icon(action)));
        }
        var renderer =
                LitRenderer.<Machine>of(template.append("</div>").toString()).withProperty("name", Machine::name);
        for (var action : all) {
            String k = MachineActions.key(action);
            String text = action == MachineAction.CONSOLE
                    ? getTranslation("machines.console")
                    : MachineActions.label(this, action);
            renderer.withProperty(k, m -> MachineActions.whyNot(this, action, m) == null)
                    .withProperty(k + "Text", m -> text)
                    .withProperty(k + "Label", m -> text + " " + m.name())
                    .withProperty(k + "Why", m -> {
                        String why = MachineActions.whyNot(this, action, m);
                        return why == null ? "" : why;
                    })
                    .withFunction(
                            "on" + k,
                            action == MachineAction.CONSOLE
                                    ? m -> getUI().ifPresent(ui -> ui.navigate("machines/" + m.id() + "/console"))
                                    : m -> MachineActions.run(this, machines, m, action, ok -> refresh()));
        }
        return renderer;
    }

    /**
     * Name, state and actions always in view without sideways scrolling: below 800 px (phones) nothing else,
     * below 1600 px (laptops, with the menu beside) no template and creation time (the machine's page has them),
     * and the action buttons show their labels only from 1600 px (the stylesheet; icons and names stay).
     */
    private void fitTo(int width) {
        wide.forEach(c -> c.setVisible(width >= 800));
        large.forEach(c -> c.setVisible(width >= 1600));
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
        if (!user.isAdmin()) {
            quotaBars.show(quotas.view(user.tenantId()));
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        var page = event.getUI().getPage();
        page.retrieveExtendedClientDetails(d -> fitTo(d.getWindowInnerWidth()));
        resize = page.addBrowserWindowResizeListener(e -> fitTo(e.getWidth()));
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
        if (resize != null) {
            resize.remove();
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("machines.title") + " · Vireo";
    }
}
