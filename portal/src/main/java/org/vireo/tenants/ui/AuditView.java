package org.vireo.tenants.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditQuery;
import org.vireo.audit.AuditTexts;
import org.vireo.base.Feedback;
import org.vireo.base.InvalidInputException;
import org.vireo.security.CurrentUser;
import org.vireo.security.Roles;
import org.vireo.tenants.AuditReader;
import org.vireo.tenants.AuditRecord;

/**
 * The audit log with filters (actor by a part of the name, action, outcome, a date range; Enter applies them) and
 * CSV export, in words and with tenant names (operators: all; tenant admins: their tenant's).
 */
@Route("audit")
@RolesAllowed({Roles.ADMIN, Roles.TENANT_ADMIN})
@Menu(order = 88, title = "nav.audit", icon = "vaadin:list")
class AuditView extends VerticalLayout implements HasDynamicTitle {
    private final AuditReader reader;
    private final TextField actor = new TextField();
    private final ComboBox<String> action = new ComboBox<>();
    private final Select<AuditOutcome> outcome = new Select<>();
    private final DatePicker from = new DatePicker();
    private final DatePicker to = new DatePicker();
    private final Grid<AuditRecord> grid = new Grid<>();
    private final ZoneId zone = ZoneId.systemDefault();

    AuditView(AuditReader reader) {
        this.reader = reader;
        setId("audit-view");
        setSizeFull();
        boolean operator = CurrentUser.require().isAdmin();
        actor.setId("audit-actor");
        actor.setLabel(getTranslation("audit.actor"));
        actor.setPlaceholder(getTranslation("audit.actor.placeholder"));
        actor.setClearButtonVisible(true);
        actor.setValueChangeMode(ValueChangeMode.EAGER); // Enter sees what was typed
        action.setId("audit-action");
        action.setLabel(getTranslation("audit.action"));
        action.setPlaceholder(getTranslation("audit.all-actions"));
        action.setItems(AuditTexts.ACTIONS);
        action.setItemLabelGenerator(a -> AuditTexts.action(this, a));
        action.setClearButtonVisible(true);
        outcome.setId("audit-outcome");
        outcome.setLabel(getTranslation("audit.outcome"));
        outcome.setItems(AuditOutcome.values());
        outcome.setEmptySelectionAllowed(true);
        outcome.setItemLabelGenerator(o -> o == null ? "" : getTranslation("audit.outcome." + o.name()));
        from.setId("audit-from");
        from.setLabel(getTranslation("audit.from"));
        from.setLocale(getLocale());
        to.setId("audit-to");
        to.setLabel(getTranslation("audit.to"));
        to.setLocale(getLocale());
        var errors = new Feedback.Form(this, "audit-error").field("to", to);
        var apply = new Button(
                getTranslation("audit.filter"),
                e -> errors.submit(
                        () -> {
                            query(); // checks the range
                            grid.getDataProvider().refreshAll();
                            return true;
                        },
                        ok -> {},
                        null));
        apply.setId("audit-filter");
        var csv = new Anchor(
                DownloadHandler.fromInputStream(event -> {
                    byte[] bytes = reader.csv(query()).getBytes(StandardCharsets.UTF_8);
                    return new DownloadResponse(
                            new ByteArrayInputStream(bytes), "vireo-audit.csv", "text/csv", bytes.length);
                }),
                getTranslation("audit.csv"));
        csv.setId("audit-csv");
        var filters = new HorizontalLayout(actor, action, outcome, from, to, apply, csv);
        filters.setAlignItems(Alignment.BASELINE);
        filters.setWrap(true);
        // Enter in any filter applies them all
        apply.addClickShortcut(Key.ENTER).listenOn(filters).resetFocusOnActiveElement();
        var format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(getLocale())
                .withZone(zone);
        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT); // wrap, not cut
        grid.addColumn(r -> format.format(r.entry().at()))
                .setHeader(getTranslation("audit.at"))
                .setAutoWidth(true);
        grid.addColumn(r -> r.entry().actor()).setHeader(getTranslation("audit.actor"));
        if (operator) {
            grid.addColumn(r -> r.tenantName() == null ? "" : r.tenantName()).setHeader(getTranslation("audit.tenant"));
        }
        grid.addColumn(r -> AuditTexts.action(this, r.entry().action()))
                .setHeader(getTranslation("audit.action"))
                .setAutoWidth(true);
        grid.addColumn(r -> r.entry().target()).setHeader(getTranslation("audit.target"));
        grid.addColumn(r -> AuditTexts.outcome(this, r.entry())).setHeader(getTranslation("audit.outcome"));
        grid.addColumn(r -> AuditTexts.source(this, r.entry())).setHeader(getTranslation("audit.source"));
        grid.addColumn(r -> r.entry().detail() == null ? "" : r.entry().detail())
                .setHeader(getTranslation("audit.detail"))
                .setFlexGrow(2);
        if (operator) {
            grid.addColumn(r ->
                            r.entry().operatorDetail() == null ? "" : r.entry().operatorDetail())
                    .setHeader(getTranslation("audit.operator-detail"))
                    .setFlexGrow(2);
        }
        grid.setItems(q -> reader.records(query(), q.getOffset(), q.getLimit()).stream(), q ->
                (int) Math.min(Integer.MAX_VALUE, reader.count(query())));
        add(new H2(getTranslation("nav.audit")), filters, errors.errorLine(), grid);
    }

    /** The filters as a query: the dates are whole days in the portal's zone, the end day included. */
    private AuditQuery query() {
        Instant start = from.getValue() == null
                ? null
                : from.getValue().atStartOfDay(zone).toInstant();
        LocalDate last = to.getValue();
        Instant end = last == null ? null : last.plusDays(1).atStartOfDay(zone).toInstant();
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidInputException("to", "audit.range-invalid");
        }
        return new AuditQuery(null, actor.getValue(), action.getValue(), outcome.getValue(), start, end);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("nav.audit") + " · Vireo";
    }
}
