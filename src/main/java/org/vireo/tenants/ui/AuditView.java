package org.vireo.tenants.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.StreamResource;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditQuery;
import org.vireo.security.Roles;
import org.vireo.tenants.AuditReader;

/** The audit log with filters and CSV export (operators: all; tenant admins: their tenant's). */
@Route("audit")
@RolesAllowed({Roles.ADMIN, Roles.TENANT_ADMIN})
@Menu(order = 88, title = "nav.audit", icon = "vaadin:list")
class AuditView extends VerticalLayout implements HasDynamicTitle {
    private final AuditReader reader;
    private final TextField actor = new TextField();
    private final TextField action = new TextField();
    private final Select<AuditOutcome> outcome = new Select<>();
    private final Grid<AuditEntry> grid = new Grid<>();

    AuditView(AuditReader reader) {
        this.reader = reader;
        setId("audit-view");
        setSizeFull();
        actor.setLabel(getTranslation("audit.actor"));
        action.setLabel(getTranslation("audit.action"));
        outcome.setLabel(getTranslation("audit.outcome"));
        outcome.setItems(AuditOutcome.values());
        outcome.setEmptySelectionAllowed(true);
        var apply = new Button(getTranslation("audit.filter"), e -> grid.getDataProvider().refreshAll());
        apply.setId("audit-filter");
        var csv = new Anchor(new StreamResource("vireo-audit.csv", () ->
                new ByteArrayInputStream(reader.csv(query()).getBytes(StandardCharsets.UTF_8))), "CSV");
        csv.setId("audit-csv");
        csv.getElement().setAttribute("download", true);
        var filters = new HorizontalLayout(actor, action, outcome, apply, csv);
        filters.setAlignItems(Alignment.BASELINE);
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        grid.setId("audit-grid");
        grid.addColumn(e -> format.format(e.at())).setHeader(getTranslation("audit.at")).setAutoWidth(true);
        grid.addColumn(AuditEntry::actor).setHeader(getTranslation("audit.actor"));
        grid.addColumn(AuditEntry::action).setHeader(getTranslation("audit.action"));
        grid.addColumn(AuditEntry::target).setHeader(getTranslation("audit.target"));
        grid.addColumn(e -> e.outcome().name()).setHeader(getTranslation("audit.outcome"));
        grid.addColumn(e -> e.source().name()).setHeader(getTranslation("audit.source"));
        grid.addColumn(e -> e.detail() == null ? "" : e.detail()).setHeader(getTranslation("audit.detail"));
        grid.setItems(q -> reader.search(query(), q.getOffset(), q.getLimit()).stream());
        add(new H2(getTranslation("nav.audit")), filters, grid);
    }

    private AuditQuery query() {
        return new AuditQuery(null, actor.getValue(), action.getValue(), outcome.getValue(), null, null);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("nav.audit") + " · Vireo";
    }
}
