package org.vireo.tenants.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.vireo.audit.AuditSource;
import org.vireo.base.ErrorTexts;
import org.vireo.security.AccountService;
import org.vireo.security.AccountView;
import org.vireo.security.CurrentUser;
import org.vireo.security.Role;
import org.vireo.security.Roles;

/** A tenant admin manages its own tenant's users: add, reset passwords. */
@Route("users")
@RolesAllowed(Roles.TENANT_ADMIN)
@Menu(order = 70, title = "users.title", icon = "vaadin:user")
class UsersView extends VerticalLayout implements HasDynamicTitle {
    private final AccountService accounts;
    private final CurrentUser user = CurrentUser.require();
    private final Grid<AccountView> grid = new Grid<>();

    UsersView(AccountService accounts) {
        this.accounts = accounts;
        setId("users-view");
        var username = new TextField(getTranslation("login.username"));
        username.setId("user-username");
        var password = new PasswordField(getTranslation("login.password"));
        password.setId("user-password");
        var role = new Select<Role>();
        role.setLabel(getTranslation("tenants.role"));
        role.setItems(List.of(Role.MEMBER, Role.TENANT_ADMIN));
        role.setItemLabelGenerator(r -> getTranslation("role." + r.name()));
        role.setValue(Role.MEMBER);
        var error = new Paragraph();
        error.addClassName("vireo-error");
        error.setId("users-error");
        var add = new Button(getTranslation("tenants.add-user"), e -> {
            try {
                accounts.create(username.getValue(), password.getValue(), role.getValue(), user.tenantId(),
                        AuditSource.UI);
                username.clear();
                password.clear();
                error.setText("");
                refresh();
            } catch (RuntimeException ex) {
                error.setText(ErrorTexts.of(this, ex));
            }
        });
        add.setId("add-user");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var form = new HorizontalLayout(username, password, role, add);
        form.setAlignItems(Alignment.BASELINE);
        grid.setId("users-grid");
        grid.addColumn(AccountView::username).setHeader(getTranslation("login.username"));
        grid.addColumn(a -> getTranslation("role." + a.role().name())).setHeader(getTranslation("tenants.role"));
        grid.addComponentColumn(a -> new Button(getTranslation("accounts.reset-password"), e -> resetDialog(a)));
        refresh();
        add(new H2(getTranslation("users.title")), form, error, grid);
    }

    private void resetDialog(AccountView account) {
        var password = new PasswordField(getTranslation("login.password"));
        var error = new Paragraph();
        error.addClassName("vireo-error");
        var d = new Dialog(password, error);
        d.setHeaderTitle(getTranslation("accounts.reset-password") + ": " + account.username());
        var save = new Button(getTranslation("action.save"), e -> {
            try {
                accounts.resetPassword(account.id(), password.getValue(), AuditSource.UI);
                d.close();
            } catch (RuntimeException ex) {
                error.setText(ErrorTexts.of(this, ex));
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button(getTranslation("action.cancel"), e -> d.close()), save);
        d.open();
    }

    private void refresh() {
        grid.setItems(accounts.listTenantAccounts(user.tenantId()));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("users.title") + " · Vireo";
    }
}
