package org.vireo.tenants.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.base.Why;
import org.vireo.security.AccountService;
import org.vireo.security.AccountView;
import org.vireo.security.CurrentUser;
import org.vireo.security.Invitations;
import org.vireo.security.Role;
import org.vireo.security.Roles;
import org.vireo.security.TwoFactorService;
import org.vireo.tenants.TenantFilter;
import org.vireo.tenants.TenantService;

/**
 * Users: a tenant admin manages its own tenant's (add, invite by e-mail, role, password, remove, require two-factor
 * sign-in); operators see every user, filter by tenant, and do the same for any tenant's users (the requirement once
 * a tenant is chosen). Nobody changes or removes their own account here.
 */
@Route("users")
@RolesAllowed({Roles.ADMIN, Roles.TENANT_ADMIN})
@Menu(order = 70, title = "users.title", icon = "vaadin:user")
class UsersView extends VerticalLayout implements HasDynamicTitle {
    private final AccountService accounts;
    private final TwoFactorService twoFactor;
    private final TenantService tenants;
    private final Invitations invitations;
    private final CurrentUser user = CurrentUser.require();
    private final Grid<AccountView> grid = new Grid<>();
    private final Map<UUID, String> tenantNames = new HashMap<>();
    private UUID tenantFilter;

    UsersView(AccountService accounts, TwoFactorService twoFactor, TenantService tenants, Invitations invitations) {
        this.accounts = accounts;
        this.invitations = invitations;
        this.twoFactor = twoFactor;
        this.tenants = tenants;
        setId("users-view");
        setSizeFull();
        add(new H2(getTranslation("users.title")));
        if (user.isAdmin()) {
            // the filtered tenant's two-factor requirement, as its admins see it
            var chosenTenant = new Div();
            add(
                    new TenantFilter(tenants, "users-tenant-filter", id -> {
                        tenantFilter = id;
                        grid.getDataProvider().refreshAll();
                        chosenTenant.removeAll();
                        if (id != null) {
                            chosenTenant.add(requirement(id));
                        }
                    }),
                    chosenTenant);
        } else {
            add(addForm(), requirement(user.tenantId()));
        }
        grid.setId("users-grid");
        grid.addColumn(AccountView::username)
                .setHeader(getTranslation("login.username"))
                .setFlexGrow(2);
        grid.addColumn(a -> getTranslation("role." + a.role().name())).setHeader(getTranslation("tenants.role"));
        grid.addColumn(a -> getTranslation(a.twoFactor() ? "users.2fa.on" : "users.2fa.off"))
                .setHeader(getTranslation("users.2fa"));
        if (user.isAdmin()) {
            grid.addColumn(a -> a.tenantId() == null ? "" : tenantNames.getOrDefault(a.tenantId(), "?"))
                    .setHeader(getTranslation("machines.tenant"));
        }
        grid.addComponentColumn(this::actions)
                .setHeader(getTranslation("machines.actions"))
                .setAutoWidth(true)
                .setFlexGrow(0);
        if (user.isAdmin()) {
            grid.setItems(q -> {
                var page = accounts.page(
                                tenantFilter, PageRequest.of(q.getPage(), q.getPageSize(), Sort.by("username")))
                        .getContent();
                var missing = page.stream()
                        .map(AccountView::tenantId)
                        .filter(id -> id != null && !tenantNames.containsKey(id))
                        .collect(Collectors.toSet());
                if (!missing.isEmpty()) {
                    tenantNames.putAll(tenants.names(missing));
                }
                return page.stream();
            });
        } else {
            grid.setItems(accounts.listTenantAccounts(user.tenantId()));
        }
        add(grid);
        if (!user.isAdmin()) {
            add(new InvitationsPanel(invitations, user.tenantId(), roleSelect("invite-role", Role.MEMBER)));
        }
    }

    /** Whether the tenant's users must sign in with a second factor (fixed on when the operator requires it). */
    private Checkbox requirement(UUID tenantId) {
        var required = new Checkbox(getTranslation("users.require-2fa"));
        required.setId("require-2fa");
        required.setValue(twoFactor.requiredForTenant(tenantId));
        if (twoFactor.requiredForEveryone()) {
            required.setEnabled(false);
            required.setHelperText(getTranslation("users.require-2fa.everyone"));
        } else {
            required.setHelperText(getTranslation("users.require-2fa.help"));
        }
        required.addValueChangeListener(e -> {
            if (!e.isFromClient()) {
                return;
            }
            try {
                twoFactor.requireForTenant(tenantId, e.getValue(), AuditSource.UI);
                Feedback.success(this, e.getValue() ? "users.require-2fa.on" : "users.require-2fa.off");
            } catch (RuntimeException ex) {
                required.setValue(e.getOldValue());
                Feedback.error(this, ex);
            }
        });
        return required;
    }

    private HorizontalLayout addForm() {
        var username = new TextField(getTranslation("login.username"));
        username.setId("user-username");
        var password = new PasswordField(getTranslation("login.password"));
        password.setId("user-password");
        var role = roleSelect("user-role", Role.MEMBER);
        var form = new Feedback.Form(this, "users-error")
                .field("username", username)
                .field("password", password)
                .field("role", role);
        var add = new Button(
                getTranslation("tenants.add-user"),
                e -> form.submit(
                        () -> accounts.create(
                                username.getValue(),
                                password.getValue(),
                                role.getValue(),
                                user.tenantId(),
                                AuditSource.UI),
                        a -> {
                            username.clear();
                            password.clear();
                            refresh();
                        },
                        "users.added",
                        username.getValue()));
        add.setId("add-user");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var layout = new HorizontalLayout(username, password, role, add, form.errorLine());
        layout.setAlignItems(Alignment.BASELINE);
        layout.setWrap(true);
        return layout;
    }

    private Select<Role> roleSelect(String id, Role value) {
        var role = new Select<Role>();
        role.setId(id);
        role.setLabel(getTranslation("tenants.role"));
        role.setItems(List.of(Role.MEMBER, Role.TENANT_ADMIN));
        role.setItemLabelGenerator(r -> getTranslation("role." + r.name()));
        role.setValue(value);
        return role;
    }

    private HorizontalLayout actions(AccountView a) {
        String why = a.id().equals(user.id()) ? getTranslation("accounts.not-yourself") : null;
        var role = new Button(getTranslation("users.change-role"), e -> roleDialog(a));
        role.setId("role-" + a.username());
        role.addThemeVariants(ButtonVariant.LUMO_SMALL);
        var reset = new Button(getTranslation("accounts.reset-password"), e -> resetDialog(a));
        reset.setId("reset-" + a.username());
        reset.addThemeVariants(ButtonVariant.LUMO_SMALL);
        var remove = new Button(
                getTranslation("users.remove"),
                e -> Feedback.confirm(
                        this,
                        getTranslation("users.remove.title", a.username()),
                        getTranslation("users.remove.text"),
                        getTranslation("users.remove"),
                        "confirm-remove-user",
                        true,
                        () -> {
                            try {
                                accounts.remove(a.id(), AuditSource.UI);
                                refresh();
                                Feedback.success(this, "users.removed", a.username());
                            } catch (RuntimeException ex) {
                                Feedback.error(this, ex);
                            }
                        }));
        remove.setId("remove-" + a.username());
        remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        String roleWhy = why != null ? why : a.role() == Role.ADMIN ? getTranslation("users.operator-role") : null;
        var actions = new HorizontalLayout(Why.wrap(role, roleWhy), Why.wrap(reset, null), Why.wrap(remove, why));
        if (user.isAdmin() && a.twoFactor()) {
            // Operators only: for a user who lost both their authenticator and their recovery codes.
            var reset2fa = new Button(
                    getTranslation("users.reset-2fa"),
                    e -> Feedback.confirm(
                            this,
                            getTranslation("users.reset-2fa.title", a.username()),
                            getTranslation("users.reset-2fa.text"),
                            getTranslation("users.reset-2fa"),
                            "confirm-reset-2fa",
                            true,
                            () -> {
                                try {
                                    twoFactor.reset(a.id(), AuditSource.UI);
                                    refresh();
                                    Feedback.success(this, "users.2fa-reset", a.username());
                                } catch (RuntimeException ex) {
                                    Feedback.error(this, ex);
                                }
                            }));
            reset2fa.setId("reset-2fa-" + a.username());
            reset2fa.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
            actions.add(reset2fa);
        }
        return actions;
    }

    private void roleDialog(AccountView a) {
        var role = roleSelect("change-role", a.role());
        var form = new Feedback.Form(this, "role-error").field("role", role);
        var d = new Dialog(role, form.errorLine());
        d.setHeaderTitle(getTranslation("users.change-role") + ": " + a.username());
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> accounts.changeRole(a.id(), role.getValue(), AuditSource.UI),
                        r -> {
                            d.close();
                            refresh();
                        },
                        "users.role-changed",
                        a.username()));
        save.setId("save-role");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void resetDialog(AccountView account) {
        var password = new PasswordField(getTranslation("login.password"));
        password.setId("reset-password");
        var form = new Feedback.Form(this, "reset-error").field("password", password);
        var d = new Dialog(password, form.errorLine());
        d.setHeaderTitle(getTranslation("accounts.reset-password") + ": " + account.username());
        var save = new Button(
                getTranslation("action.save"),
                e -> form.submit(
                        () -> {
                            accounts.resetPassword(account.id(), password.getValue(), AuditSource.UI);
                            return account;
                        },
                        r -> d.close(),
                        "users.password-reset",
                        account.username()));
        save.setId("save-reset");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void refresh() {
        if (user.isAdmin()) {
            grid.getDataProvider().refreshAll();
        } else {
            grid.setItems(accounts.listTenantAccounts(user.tenantId()));
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("users.title") + " · Vireo";
    }
}
