package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
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
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.base.SecretDialog;
import org.vireo.security.ApiTokenInfo;
import org.vireo.security.ApiTokenService;

/** The user's own API tokens: issue (shown once), list, revoke. */
@Route("tokens")
@PermitAll
@Menu(order = 80, title = "nav.tokens", icon = "vaadin:key")
class TokensView extends VerticalLayout implements HasDynamicTitle {
    private final ApiTokenService tokens;
    private final Grid<ApiTokenInfo> grid = new Grid<>();

    TokensView(ApiTokenService tokens) {
        this.tokens = tokens;
        setId("tokens-view");
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
                .withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        var name = new TextField(getTranslation("tokens.name"));
        name.setId("token-name");
        var scope = new Select<String>();
        scope.setId("token-scope");
        scope.setLabel(getTranslation("tokens.scope"));
        scope.setItems("write", "read");
        scope.setItemLabelGenerator(s -> getTranslation("tokens.scope." + s));
        scope.setValue("write");
        var expiry = new Select<Integer>();
        expiry.setId("token-expiry");
        expiry.setLabel(getTranslation("tokens.expiry"));
        expiry.setItems(1, 7, 30, 90, 365);
        expiry.setItemLabelGenerator(d -> getTranslation("tokens.expiry.days", d));
        expiry.setValue(30);
        var form = new Feedback.Form(this, "token-error")
                .field("name", name)
                .field("scope", scope)
                .field("expiresInDays", expiry);
        var issue = new Button(
                getTranslation("tokens.issue"),
                e -> form.submit(
                        () -> tokens.issue(name.getValue(), expiry.getValue(), scope.getValue(), AuditSource.UI),
                        t -> {
                            name.clear();
                            shownOnce(t.token());
                            refresh();
                        },
                        null));
        issue.setId("issue-token");
        issue.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var formLayout = new HorizontalLayout(name, scope, expiry, issue);
        formLayout.setAlignItems(Alignment.BASELINE);
        formLayout.setWrap(true);
        grid.setId("tokens-grid");
        grid.addColumn(ApiTokenInfo::name).setHeader(getTranslation("tokens.name"));
        grid.addColumn(t -> getTranslation("tokens.scope." + t.scope())).setHeader(getTranslation("tokens.scope"));
        grid.addColumn(t -> format.format(t.createdAt())).setHeader(getTranslation("tokens.created"));
        grid.addColumn(t -> format.format(t.expiresAt())).setHeader(getTranslation("tokens.expires"));
        grid.addColumn(t -> t.lastUsedAt() == null ? "" : format.format(t.lastUsedAt()))
                .setHeader(getTranslation("tokens.last-used"));
        grid.addComponentColumn(t -> {
            var revoke = new Button(getTranslation(t.revoked() ? "tokens.revoked" : "tokens.revoke"), e -> {
                tokens.revokeOwn(t.id(), AuditSource.UI);
                refresh();
                Feedback.success(this, "tokens.revoked-done", t.name());
            });
            revoke.setEnabled(!t.revoked());
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return revoke;
        });
        refresh();
        add(
                new H2(getTranslation("tokens.title")),
                new Paragraph(getTranslation("tokens.intro")),
                formLayout,
                form.errorLine(),
                grid);
    }

    /** The new token, shown this once, with a copy button. */
    private void shownOnce(String token) {
        new SecretDialog("token-secret", token)
                .texts(
                        getTranslation("tokens.issued"),
                        getTranslation("tokens.shown-once"),
                        getTranslation("tokens.secret"))
                .open();
    }

    private void refresh() {
        grid.setItems(tokens.listOwn());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("tokens.title") + " · Vireo";
    }
}
