package org.vireo.tenants.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.EmailField;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.UUID;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.security.InvitationView;
import org.vireo.security.Invitations;
import org.vireo.security.Role;

/** A tenant admin's invitations: invite by e-mail in a role, see the open ones, withdraw one. */
class InvitationsPanel extends VerticalLayout {
    private final Invitations invitations;
    private final UUID tenantId;
    private final Grid<InvitationView> grid = new Grid<>();

    InvitationsPanel(Invitations invitations, UUID tenantId, Select<Role> role) {
        this.invitations = invitations;
        this.tenantId = tenantId;
        setId("invitations");
        setPadding(false);
        add(new H3(getTranslation("invitations.title")));
        if (!invitations.available()) {
            var none = new Paragraph(getTranslation("invitations.no-mail"));
            none.setId("invitations-no-mail");
            add(none);
            return;
        }
        var email = new EmailField(getTranslation("invitations.email"));
        email.setId("invite-email");
        var form = new Feedback.Form(this, "invite-error").field("email", email).field("role", role);
        var send = new Button(
                getTranslation("invitations.send"),
                e -> form.submit(
                        () -> invitations.invite(
                                tenantId, email.getValue(), role.getValue(), getLocale(), AuditSource.UI),
                        i -> {
                            email.clear();
                            refresh();
                            // the address as it was stored (lower-case)
                            Feedback.success(this, "invitations.sent", i.email());
                        },
                        null));
        send.setId("invite");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var line = new HorizontalLayout(email, role, send, form.errorLine());
        line.setAlignItems(Alignment.BASELINE);
        line.setWrap(true);
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
                .withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        grid.setId("invitations-grid");
        grid.setAllRowsVisible(true);
        grid.addColumn(InvitationView::email).setHeader(getTranslation("invitations.email"));
        grid.addColumn(i -> getTranslation("role." + i.role().name())).setHeader(getTranslation("tenants.role"));
        grid.addColumn(InvitationView::invitedBy).setHeader(getTranslation("invitations.by"));
        grid.addColumn(i -> format.format(i.expiresAt())).setHeader(getTranslation("invitations.expires"));
        grid.addComponentColumn(this::revoke).setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText(getTranslation("invitations.none"));
        add(line, grid);
        refresh();
    }

    private Button revoke(InvitationView i) {
        var revoke = new Button(getTranslation("invitations.revoke"), e -> {
            try {
                invitations.revoke(i.id(), AuditSource.UI);
                refresh();
                Feedback.success(this, "invitations.revoked", i.email());
            } catch (RuntimeException ex) {
                Feedback.error(this, ex);
            }
        });
        revoke.setId("revoke-" + i.email());
        revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return revoke;
    }

    void refresh() {
        grid.setItems(invitations.open(tenantId));
    }
}
