package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
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
import org.vireo.base.ErrorTexts;
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
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        var name = new TextField(getTranslation("tokens.name"));
        name.setId("token-name");
        var scope = new Select<String>();
        scope.setId("token-scope");
        scope.setLabel(getTranslation("tokens.scope"));
        scope.setItems("write", "read");
        scope.setItemLabelGenerator(s -> getTranslation("tokens.scope." + s));
        scope.setValue("write");
        var issue = new Button(getTranslation("tokens.issue"), e -> {
            try {
                var t = tokens.issue(name.getValue(), null, scope.getValue(), AuditSource.UI);
                var shown = new TextField(getTranslation("tokens.secret"));
                shown.setId("token-secret");
                shown.setValue(t.token());
                shown.setReadOnly(true);
                shown.setWidthFull();
                var d = new Dialog(new Paragraph(getTranslation("tokens.shown-once")), shown);
                d.setHeaderTitle(getTranslation("tokens.issued"));
                d.setWidth("40em");
                d.getFooter().add(new Button(getTranslation("action.close"), c -> d.close()));
                d.open();
                refresh();
            } catch (RuntimeException ex) {
                Notification.show(ErrorTexts.of(this, ex));
            }
        });
        issue.setId("issue-token");
        issue.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var form = new HorizontalLayout(name, scope, issue);
        form.setAlignItems(Alignment.BASELINE);
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
            });
            revoke.setEnabled(!t.revoked());
            revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return revoke;
        });
        refresh();
        add(new H2(getTranslation("tokens.title")), new Paragraph(getTranslation("tokens.intro")), form, grid);
    }

    private void refresh() {
        grid.setItems(tokens.listOwn());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("tokens.title") + " · Vireo";
    }
}
