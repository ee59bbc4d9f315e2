package org.vireo.tenants.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import jakarta.annotation.security.RolesAllowed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.QuotaView;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.Roles;
import org.vireo.tenants.Tenant;
import org.vireo.tenants.TenantService;
import org.vireo.tenants.TenantStatus;

/** Operators: tenants with their usage against quota, create tenants, edit quotas, add users. */
@Route("admin/tenants")
@RolesAllowed(Roles.ADMIN)
@Menu(order = 85, title = "nav.tenants", icon = "vaadin:users")
class TenantsView extends VerticalLayout implements HasDynamicTitle {
    private final TenantService tenants;
    private final QuotaService quotas;
    private final AccountService accounts;
    private final Grid<Tenant> grid = new Grid<>();
    private final Map<UUID, QuotaView> pageQuotas = new HashMap<>();

    TenantsView(TenantService tenants, QuotaService quotas, AccountService accounts) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.accounts = accounts;
        setId("tenants-view");
        setSizeFull();
        var name = new TextField(getTranslation("tenants.name"));
        name.setId("tenant-name");
        name.setHelperText(getTranslation("tenants.name.help"));
        var displayName = new TextField(getTranslation("tenants.display-name"));
        displayName.setId("tenant-display-name");
        displayName.setPlaceholder("Müller GmbH & Co. KG");
        var createForm =
                new Feedback.Form(this, "tenant-error").field("name", name).field("displayName", displayName);
        var create = new Button(
                getTranslation("tenants.create"),
                e -> createForm.submit(
                        () -> tenants.create(name.getValue(), displayName.getValue(), AuditSource.UI),
                        t -> {
                            name.clear();
                            displayName.clear();
                            refresh();
                        },
                        "tenants.created",
                        displayName.getValue().isBlank() ? name.getValue() : displayName.getValue()));
        create.setId("create-tenant");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var form = new HorizontalLayout(displayName, name, create, createForm.errorLine());
        form.setAlignItems(Alignment.BASELINE);

        grid.setId("tenants-grid");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT); // wrap, not cut
        grid.addColumn(Tenant::shownName).setHeader(getTranslation("tenants.display-name"));
        grid.addColumn(Tenant::name).setHeader(getTranslation("tenants.name"));
        grid.addColumn(t -> getTranslation("tenants.status." + t.status().name()))
                .setHeader(getTranslation("tenants.status"));
        // Quotas of the rows on screen come with their page (one batch); actions are a template, not components.
        grid.addColumn(t -> usage(pageQuotas.computeIfAbsent(t.id(), quotas::view)))
                .setHeader(getTranslation("tenants.usage"))
                .setFlexGrow(4);
        String quotaText = getTranslation("tenants.edit-quota"),
                userText = getTranslation("tenants.add-user"),
                renameText = getTranslation("tenants.rename"),
                suspendText = getTranslation("tenants.suspend"),
                resumeText = getTranslation("tenants.resume"),
                deleteText = getTranslation("tenants.delete");
        grid.addColumn(LitRenderer.<Tenant>of("""
                <div style="display:flex;gap:var(--lumo-space-s);flex-wrap:wrap">
                  <vaadin-button id="quota-${item.name}" theme="small"
                      @click="${quota}">${item.quotaText}</vaadin-button>
                  <vaadin-button id="add-user-${item.name}" theme="small"
                      @click="${adduser}">${item.adduserText}</vaadin-button>
                  <vaadin-button id="rename-${item.name}" theme="small"
                      @click="${rename}">${item.renameText}</vaadin-button>
                  <vaadin-button id="suspend-${item.name}" theme="small"
                      @click="${suspend}">${item.suspendText}</vaadin-button>
                  <vaadin-button id="delete-tenant-${item.name}" theme="small error"
                      @click="${deletetenant}">${item.deletetenantText}</vaadin-button>
                </div>""")
                        .withProperty("name", Tenant::name)
                        .withProperty("quotaText", t -> quotaText)
                        .withFunction("quota", this::quotaDialog)
                        .withProperty("adduserText", t -> userText)
                        .withFunction("adduser", this::userDialog)
                        .withProperty("renameText", t -> renameText)
                        .withFunction("rename", this::renameDialog)
                        .withProperty("suspendText", t -> suspended(t) ? resumeText : suspendText)
                        .withFunction("suspend", this::confirmSuspend)
                        .withProperty("deletetenantText", t -> deleteText)
                        .withFunction("deletetenant", this::confirmDelete))
                .setFlexGrow(2);
        grid.setItems(
                        q -> {
                            var page = tenants.page("", VaadinSpringDataHelpers.toSpringPageRequest(q));
                            if (pageQuotas.size() > 500) {
                                pageQuotas.clear();
                            }
                            pageQuotas.putAll(
                                    quotas.views(page.stream().map(Tenant::id).toList()));
                            return page.stream();
                        },
                        q -> (int) tenants.count())
                .setIdentifierProvider(Tenant::id);
        add(new H2(getTranslation("tenants.title")), form, grid);
    }

    /** Suspending asks first (the tenant's users are locked out, its machines powered off); resuming does not. */
    private void confirmSuspend(Tenant t) {
        if (suspended(t)) {
            act(() -> tenants.setSuspended(t.id(), false, AuditSource.UI), "tenants.resumed", t.shownName());
            return;
        }
        Feedback.confirm(
                this,
                getTranslation("tenants.suspend.title", t.shownName()),
                getTranslation("tenants.suspend.text"),
                getTranslation("tenants.suspend"),
                "confirm-suspend",
                true,
                () -> act(
                        () -> tenants.setSuspended(t.id(), true, AuditSource.UI),
                        "tenants.suspended-done",
                        t.shownName()));
    }

    private void confirmDelete(Tenant t) {
        Feedback.confirm(
                this,
                getTranslation("tenants.delete.title", t.shownName()),
                getTranslation("tenants.delete.text"),
                getTranslation("tenants.delete"),
                "confirm-delete-tenant",
                true,
                () -> act(() -> tenants.delete(t.id(), AuditSource.UI), "tenants.deleted", t.shownName()));
    }

    private void act(Runnable action, String successKey, String name) {
        try {
            action.run();
            refresh();
            Feedback.success(this, successKey, name);
        } catch (RuntimeException ex) {
            Feedback.error(this, ex);
        }
    }

    private String usage(QuotaView q) {
        String text = getTranslation(
                "tenants.usage.value",
                q.used().machines(),
                q.limits().machines(),
                q.used().vcpus(),
                q.limits().vcpus(),
                q.used().memoryMiB(),
                q.limits().memoryMiB(),
                q.used().diskGiB(),
                q.limits().diskGiB());
        return q.overQuota() ? text + " · " + getTranslation("quotas.over") : text;
    }

    private void quotaDialog(Tenant t) {
        var q = quotas.view(t.id());
        var vcpus = field("quotas.resource.vcpus", "quota-vcpus", q.limits().vcpus());
        var memory =
                field("quotas.resource.memoryMiB", "quota-memory", q.limits().memoryMiB());
        var disk = field("quotas.resource.diskGiB", "quota-disk", q.limits().diskGiB());
        var machines =
                field("quotas.resource.machines", "quota-machines", q.limits().machines());
        var snapshots =
                field("quotas.resource.snapshots", "quota-snapshots", q.limits().snapshots());
        var ipv4 = field("quotas.resource.ipv4", "quota-ipv4", q.limits().ipv4());
        var backup =
                field("quotas.resource.backupGiB", "quota-backup", q.limits().backupGiB());
        backup.setHelperText(getTranslation("quotas.backup.help"));
        var traffic = field("quotas.traffic", "quota-traffic", q.trafficGiB() == null ? 0 : q.trafficGiB());
        traffic.setHelperText(getTranslation("quotas.traffic.help"));
        var form = new Feedback.Form(this, "quota-error")
                .field("vcpus", vcpus)
                .field("memoryMiB", memory)
                .field("diskGiB", disk)
                .field("machines", machines)
                .field("snapshots", snapshots)
                .field("ipv4", ipv4)
                .field("backupGiB", backup)
                .field("trafficGiB", traffic);
        // a limit below what the tenant has now is allowed, and says what it means
        var below = new Span();
        below.setId("quota-below-use");
        below.addClassName("vireo-error");
        var inUse = q.used().plus(q.reserved());
        var byResource = Map.of(
                "vcpus",
                vcpus,
                "memoryMiB",
                memory,
                "diskGiB",
                disk,
                "machines",
                machines,
                "snapshots",
                snapshots,
                "ipv4",
                ipv4,
                "backupGiB",
                backup);
        Runnable check = () -> {
            var over = List.of("machines", "vcpus", "memoryMiB", "diskGiB", "snapshots", "ipv4", "backupGiB").stream()
                    .filter(r -> byResource.get(r).getValue() != null
                            && byResource.get(r).getValue() < inUse.get(r))
                    .map(r -> getTranslation(
                            "dashboard.over",
                            getTranslation("quotas.resource." + r),
                            inUse.get(r),
                            byResource.get(r).getValue()))
                    .toList();
            below.setText(over.isEmpty() ? "" : getTranslation("tenants.quota.below-use", String.join(", ", over)));
            below.setVisible(!over.isEmpty());
        };
        byResource.values().forEach(f -> f.addValueChangeListener(e -> check.run()));
        check.run();
        var d = new Dialog(
                new FormLayout(vcpus, memory, disk, machines, snapshots, ipv4, backup, traffic),
                below,
                form.errorLine());
        d.setHeaderTitle(getTranslation("tenants.quota.title", t.shownName()));
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> quotas.setLimits(
                                t.id(),
                                vcpus.getValue(),
                                memory.getValue(),
                                disk.getValue(),
                                machines.getValue(),
                                snapshots.getValue(),
                                ipv4.getValue(),
                                traffic.getValue() == null ? 0 : traffic.getValue(),
                                backup.getValue(),
                                AuditSource.UI),
                        saved -> {
                            d.close();
                            refresh();
                        },
                        "tenants.quota.saved",
                        t.shownName()));
        save.setId("save-quota");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void renameDialog(Tenant t) {
        var name = new TextField(getTranslation("tenants.name"));
        name.setId("rename-name");
        name.setValue(t.name());
        var displayName = new TextField(getTranslation("tenants.display-name"));
        displayName.setId("rename-display-name");
        displayName.setValue(t.shownName());
        var form = new Feedback.Form(this, "rename-error").field("name", name).field("displayName", displayName);
        var d = new Dialog(new VerticalLayout(displayName, name), form.errorLine());
        d.setHeaderTitle(getTranslation("tenants.rename"));
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> tenants.rename(t.id(), name.getValue(), displayName.getValue(), AuditSource.UI),
                        r -> {
                            d.close();
                            refresh();
                        },
                        "tenants.renamed",
                        displayName.getValue().isBlank() ? name.getValue() : displayName.getValue()));
        save.setId("save-rename");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void userDialog(Tenant t) {
        var username = new TextField(getTranslation("login.username"));
        username.setId("new-username");
        var password = new PasswordField(getTranslation("login.password"));
        password.setId("new-password");
        var role = new Select<Role>();
        role.setId("new-role");
        role.setLabel(getTranslation("tenants.role"));
        role.setItems(List.of(Role.MEMBER, Role.TENANT_ADMIN));
        role.setItemLabelGenerator(r -> getTranslation("role." + r.name()));
        role.setValue(Role.MEMBER);
        var form = new Feedback.Form(this, "user-error")
                .field("username", username)
                .field("password", password)
                .field("role", role);
        var d = new Dialog(new FormLayout(username, password, role), form.errorLine());
        d.setHeaderTitle(getTranslation("tenants.user.title", t.name()));
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> accounts.create(
                                username.getValue(), password.getValue(), role.getValue(), t.id(), AuditSource.UI),
                        a -> d.close(),
                        "users.added",
                        username.getValue()));
        save.setId("save-user");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private IntegerField field(String label, String id, int value) {
        var f = new IntegerField(getTranslation(label));
        f.setId(id);
        f.setValue(value);
        f.setMin(0);
        return f;
    }

    private void refresh() {
        pageQuotas.clear();
        grid.getDataProvider().refreshAll();
    }

    private static boolean suspended(Tenant t) {
        return t.status() == TenantStatus.SUSPENDED;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("tenants.title") + " · Vireo";
    }
}
