package org.vireo.console.ui;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import java.util.UUID;
import org.vireo.audit.AuditSource;
import org.vireo.base.ErrorTexts;
import org.vireo.base.NotFoundException;
import org.vireo.console.ConsoleService;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineService;

/**
 * A machine's screen in the browser (noVNC). Each connect fetches a fresh single-use ticket; the VNC endpoint and
 * any password stay on the server.
 */
@Route("machines/:id/console")
@PermitAll
class ConsoleView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private static final String MODULE = "import('/vireo/console.js').then(m => m.%s)";
    private final MachineService machines;
    private final ConsoleService consoles;
    private final Div screen = new Div();
    private final Span status = new Span();
    private Machine machine;

    private final com.vaadin.flow.spring.security.AuthenticationContext auth;

    ConsoleView(MachineService machines, ConsoleService consoles,
                com.vaadin.flow.spring.security.AuthenticationContext auth) {
        this.machines = machines;
        this.consoles = consoles;
        this.auth = auth;
        setId("console-view");
        setSizeFull();
        screen.setId("console-screen");
        screen.addClassName("vireo-console-screen");
        status.setId("console-status");
        screen.getElement().addEventListener("vireo-console-status", e -> {
            String s = e.getEventData().getString("event.detail");
            String state = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
            status.setText(getTranslation("console.status." + state));
            status.getElement().setAttribute("data-state", state);
        }).addEventData("event.detail");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        try {
            machine = machines.get(UUID.fromString(event.getRouteParameters().get("id").orElse("")));
        } catch (IllegalArgumentException | NotFoundException e) {
            var p = new Paragraph(getTranslation("machines.not-found"));
            p.setId("machine-not-found");
            add(new H2(getTranslation("problem.not-found")), p);
            return;
        }
        var reconnect = new Button(getTranslation("console.reconnect"), e -> connect());
        reconnect.setId("console-reconnect");
        var cad = new Button(getTranslation("console.ctrl-alt-del"), e -> call("ctrlAltDel(this)"));
        cad.setId("console-cad");
        var full = new Button(getTranslation("console.fullscreen"), e -> call("fullscreen(this)"));
        full.setId("console-fullscreen");
        var scale = new Checkbox(getTranslation("console.scale"), true);
        scale.addValueChangeListener(e -> screen.getElement()
                .executeJs(String.format(MODULE, "setScaling(this, $0)"), e.getValue()));
        var pasteText = new TextField();
        pasteText.setPlaceholder(getTranslation("console.paste.placeholder"));
        pasteText.setId("console-paste-text");
        var paste = new Button(getTranslation("console.paste"), e -> screen.getElement()
                .executeJs(String.format(MODULE, "paste(this, $0)"), pasteText.getValue()));
        var bar = new HorizontalLayout(status, reconnect, cad, full, scale, pasteText, paste);
        if (auth.hasRole(org.vireo.security.Roles.ADMIN)) {
            var end = new Button(getTranslation("console.end-sessions"), e -> {
                int n = consoles.endSessions(machine.id(), AuditSource.UI);
                com.vaadin.flow.component.notification.Notification.show(getTranslation("console.ended", n));
            });
            end.setId("console-end-sessions");
            bar.add(end);
        }
        bar.setAlignItems(Alignment.BASELINE);
        add(new H2(getTranslation("console.title", machine.name())), bar, screen);
        connect();
    }

    private void connect() {
        try {
            var ticket = consoles.issue(machine.id(), AuditSource.UI);
            screen.getElement().executeJs(String.format(MODULE, "connect(this, $0)"), ticket.url());
        } catch (RuntimeException e) {
            status.setText(ErrorTexts.of(this, e));
            status.getElement().setAttribute("data-state", "refused");
        }
    }

    private void call(String js) {
        screen.getElement().executeJs(String.format(MODULE, js));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        screen.getElement().executeJs(String.format(MODULE, "disconnect(this)"));
    }

    @Override
    public String getPageTitle() {
        return (machine == null ? "" : machine.name() + " · ") + getTranslation("machines.console") + " · Vireo";
    }
}
