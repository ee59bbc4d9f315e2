package org.vireo.webhooks.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.base.SecretDialog;
import org.vireo.security.Roles;
import org.vireo.webhooks.DeliveryView;
import org.vireo.webhooks.WebhookEvents;
import org.vireo.webhooks.WebhookService;
import org.vireo.webhooks.WebhookView;

/** A tenant admin's webhooks: register (the secret shown once), list, remove, and each one's delivery log. */
@Route("webhooks")
@RolesAllowed(Roles.TENANT_ADMIN)
@Menu(order = 72, title = "webhooks.title", icon = "vaadin:connect")
class WebhooksView extends VerticalLayout implements HasDynamicTitle {
    private final WebhookService webhooks;
    private final Grid<WebhookView> grid = new Grid<>();
    private final Grid<DeliveryView> deliveries = new Grid<>();
    private final H3 deliveriesTitle = new H3();
    private final DateTimeFormatter format;

    WebhooksView(WebhookService webhooks) {
        this.webhooks = webhooks;
        setId("webhooks-view");
        format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(getLocale())
                .withZone(ZoneId.systemDefault());
        var url = new TextField(getTranslation("webhooks.url"));
        url.setId("webhook-url");
        url.setPlaceholder("https://");
        url.setWidth("28em");
        var events = new CheckboxGroup<String>(getTranslation("webhooks.events"));
        events.setId("webhook-events");
        events.setItems(WebhookEvents.ALL);
        events.setItemLabelGenerator(e -> getTranslation("webhooks.event." + e));
        var form = new Feedback.Form(this, "webhook-error").field("url", url).field("events", events);
        var register = new Button(
                getTranslation("webhooks.register"),
                e -> form.submit(
                        () -> webhooks.create(null, url.getValue(), new ArrayList<>(events.getValue()), AuditSource.UI),
                        created -> {
                            url.clear();
                            events.clear();
                            new SecretDialog("webhook-secret", created.secret())
                                    .texts(
                                            getTranslation("webhooks.registered"),
                                            getTranslation("webhooks.shown-once"),
                                            getTranslation("webhooks.secret"))
                                    .open();
                            refresh();
                        },
                        null));
        register.setId("register-webhook");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var formLayout = new HorizontalLayout(url, events, register);
        formLayout.setAlignItems(Alignment.BASELINE);
        formLayout.setWrap(true);

        grid.setId("webhooks-grid");
        grid.setAllRowsVisible(true);
        grid.addColumn(WebhookView::url)
                .setHeader(getTranslation("webhooks.url"))
                .setFlexGrow(3);
        grid.addColumn(w -> String.join(", ", w.events())).setHeader(getTranslation("webhooks.events"));
        grid.addColumn(w -> time(w.createdAt())).setHeader(getTranslation("webhooks.created"));
        grid.addComponentColumn(w -> {
            var remove = new Button(
                    getTranslation("webhooks.remove"),
                    e -> Feedback.confirm(
                            this,
                            getTranslation("webhooks.remove"),
                            getTranslation("webhooks.remove-ask", w.url()),
                            getTranslation("webhooks.remove"),
                            "webhook-remove-confirm",
                            true,
                            () -> {
                                webhooks.delete(w.id(), AuditSource.UI);
                                refresh();
                                Feedback.success(this, "webhooks.removed", w.url());
                            }));
            remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return remove;
        });
        grid.asSingleSelect().addValueChangeListener(e -> showDeliveries(e.getValue()));

        deliveries.setId("webhook-deliveries");
        deliveries.addColumn(d -> time(d.createdAt())).setHeader(getTranslation("webhooks.delivery.created"));
        deliveries.addColumn(DeliveryView::eventType).setHeader(getTranslation("webhooks.delivery.event"));
        deliveries
                .addColumn(d -> getTranslation("webhooks.delivery.status." + d.status()))
                .setHeader(getTranslation("webhooks.delivery.status"));
        deliveries.addColumn(DeliveryView::attempts).setHeader(getTranslation("webhooks.delivery.attempts"));
        deliveries
                .addColumn(d -> d.lastStatusCode() != null ? "HTTP " + d.lastStatusCode() : "")
                .setHeader(getTranslation("webhooks.delivery.answer"));
        deliveries
                .addColumn(d -> d.lastError() == null ? "" : d.lastError())
                .setHeader(getTranslation("webhooks.delivery.error"))
                .setFlexGrow(2);
        deliveries.addColumn(d -> time(d.lastAttemptAt())).setHeader(getTranslation("webhooks.delivery.last-attempt"));
        deliveries.addColumn(d -> time(d.nextAttemptAt())).setHeader(getTranslation("webhooks.delivery.next-attempt"));
        var reload = new Button(
                getTranslation("webhooks.delivery.reload"),
                e -> showDeliveries(grid.asSingleSelect().getValue()));
        reload.setId("webhook-deliveries-reload");
        reload.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        showDeliveries(null);
        refresh();
        add(
                new H2(getTranslation("webhooks.title")),
                new Paragraph(getTranslation("webhooks.intro")),
                formLayout,
                form.errorLine(),
                grid,
                new HorizontalLayout(deliveriesTitle, reload),
                deliveries);
    }

    private String time(Instant at) {
        return at == null ? "" : format.format(at);
    }

    private void showDeliveries(WebhookView webhook) {
        deliveriesTitle.setText(
                webhook == null
                        ? getTranslation("webhooks.deliveries.pick")
                        : getTranslation("webhooks.deliveries", webhook.url()));
        deliveries.setItems(webhook == null ? List.of() : webhooks.deliveries(webhook.id()));
    }

    private void refresh() {
        grid.setItems(webhooks.list(null));
        showDeliveries(null);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("webhooks.title") + " · Vireo";
    }
}
